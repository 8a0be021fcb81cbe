"""Django's PostgreSQL backend, with times read by psycopg's compiled loader (see ``base``)."""
