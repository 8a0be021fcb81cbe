"""gunicorn settings for Mukti (`gunicorn -c gunicorn.conf.py mukti.wsgi`).

The access log names the path, never the query string: search terms are survivors' and
suspects' names. (%(U)s is the path alone; %(r)s and %(q)s would write the query string.)
"""

wsgi_app = "mukti.wsgi:application"
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)ss'
# The client's address as the load balancer saw it, when one is in front.
forwarded_allow_ips = "127.0.0.1"
