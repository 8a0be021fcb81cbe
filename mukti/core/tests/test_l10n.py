"""The interface in English, Bengali and Hindi: choosing the language, dates as each language
writes them, and dates typed in Bengali or Hindi read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from mukti.accounts.models import User
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision, When, format_when, parse_when, when_formatter

pytestmark = pytest.mark.django_db


def test_a_date_is_written_the_way_each_language_writes_it() -> None:
    day = dt.date(2026, 12, 1)
    page = Template('{{ day|date:"j M Y" }} · {{ at|date:"j M Y, H:i" }}')
    at = timezone.make_aware(dt.datetime(2026, 12, 1, 21, 5))
    context = Context({"day": day, "at": at})
    assert page.render(context) == "1 Dec 2026 · 1 Dec 2026, 21:05"
    with translation.override("bn"):
        assert page.render(context) == "১ ডিসেম্বর ২০২৬ · ১ ডিসেম্বর ২০২৬, ২১:০৫"
    with translation.override("hi"):
        assert page.render(context) == "1 दिसंबर 2026 · 1 दिसंबर 2026, 21:05"


def test_a_fuzzy_date_keeps_its_precision_in_every_language() -> None:
    when = parse_when("early Nov 2024")
    exact = parse_when("20 Apr 2024 22:55")
    assert format_when(when) == "early Nov 2024"
    assert format_when(exact) == "20 Apr 2024, 22:55"
    with translation.override("bn"):
        assert "নভেম্বর ২০২৪" in format_when(when)
        assert format_when(exact) == "২০ এপ্রিল ২০২৪, ২২:৫৫"
    with translation.override("hi"):
        assert "नवंबर 2024" in format_when(when)


def test_the_timelines_date_formatter_writes_what_format_when_writes() -> None:
    # A timeline formats hundreds of dates with when_formatter (language, months and time
    # zone read once): every precision, across midnight in India, in the three languages.
    at = dt.datetime(2024, 3, 31, 20, 5, tzinfo=dt.UTC)  # 1 Apr 2024, 01:35 in Kolkata
    whens = [When(at, str(p)) for p in Precision] + [When(None, Precision.UNKNOWN), None]
    whens += [parse_when(text) for text in ("early Nov 2024", "20 Apr 2024 22:55", "2019")]
    for language in ("en", "bn", "hi"):
        with translation.override(language):
            write = when_formatter()
            assert [write(w) for w in whens] == [format_when(w) for w in whens]


@pytest.mark.parametrize(
    ("typed", "expected", "precision"),
    [
        ("১ ডিসেম্বর ২০২৫", dt.date(2025, 12, 1), Precision.DAY),
        ("২০ এপ্রিল ২০২৪ ২২:৫৫", dt.date(2024, 4, 20), Precision.TIME),
        ("মার্চ ২০২৪", dt.date(2024, 3, 1), Precision.MONTH),
        ("জানুয়ারি 2024", dt.date(2024, 1, 1), Precision.MONTH),  # য় as য + nukta
        ("১৫/০৮/২০২৪", dt.date(2024, 8, 15), Precision.DAY),
        ("1 दिसंबर 2025", dt.date(2025, 12, 1), Precision.DAY),
        ("१५ अगस्त २०२४", dt.date(2024, 8, 15), Precision.DAY),
        ("फरवरी 2024", dt.date(2024, 2, 1), Precision.MONTH),
        ("फ़रवरी 2024", dt.date(2024, 2, 1), Precision.MONTH),
    ],
)
def test_dates_typed_in_bengali_or_hindi_are_read(
    typed: str, expected: dt.date, precision: str
) -> None:
    when = parse_when(typed)
    assert when.at is not None
    assert timezone.localtime(when.at).date() == expected
    assert when.precision == precision


def test_unknown_in_bengali_or_hindi_is_an_unknown_date_and_nonsense_is_refused() -> None:
    assert parse_when("অজানা").precision == Precision.UNKNOWN
    assert parse_when("अज्ञात").precision == Precision.UNKNOWN
    with pytest.raises(ApplicationError, match="is not a month"):
        parse_when("১ কলকাতা ২০২৪")


def test_the_sign_in_page_follows_the_browser_then_the_switcher() -> None:
    client = Client(headers={"accept-language": "hi"})
    page = client.get(reverse("accounts:login"))
    assert '<html lang="hi">' in page.text
    switched = client.post(
        reverse("accounts:language"), {"language": "bn", "next": reverse("accounts:login")}
    )
    assert switched.status_code == 302
    assert switched["Location"] == reverse("accounts:login")
    assert '<html lang="bn">' in client.get(reverse("accounts:login")).text
    # Only the languages offered; never an open redirect.
    odd = client.post(
        reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert odd["Location"] == reverse("home")


def test_her_choice_is_kept_in_her_profile_and_wins_over_the_browser(
    cast: dict[str, User], client_as: Any
) -> None:
    client = client_as("caseworker")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-gb"
    assert '<html lang="en-gb">' in client.get(reverse("accounts:security")).text
    client.post(reverse("accounts:language"), {"language": "hi"})
    meera = User.objects.get(pk=cast["caseworker"].pk)
    assert meera.language == "hi"
    # Another browser, with an English preference and no cookie: still Hindi.
    other = client_as("caseworker")
    other.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-gb"
    page = other.get(reverse("accounts:security"))
    assert '<html lang="hi">' in page.text
    assert page["Content-Language"] == "hi"
    # A language not offered changes nothing.
    other.post(reverse("accounts:language"), {"language": "xx"})
    assert User.objects.get(pk=meera.pk).language == "hi"
    # Back to the browser's language.
    other.post(reverse("accounts:language"), {"language": ""})
    assert User.objects.get(pk=meera.pk).language == ""
    assert '<html lang="en-gb">' in other.get(reverse("accounts:security")).text


@pytest.mark.parametrize("language", ["en-gb", "bn", "hi"])
@pytest.mark.parametrize(
    "typed",
    ["early Nov 2024", "mid Mar 2023", "late Dec 2022", "Apr 2024", "20 Apr 2024 22:55", "2021"],
)
def test_what_a_page_shows_as_a_date_can_be_typed_back_in_the_same_language(
    language: str, typed: str
) -> None:
    """The round trip: a date as shown on a Bengali or Hindi page, typed into a date field."""
    when = parse_when(typed)
    with translation.override(language):
        shown = format_when(when)
        assert parse_when(shown) == when, shown


def test_the_case_list_rows_write_the_opening_day_in_her_language(
    case: Any, cast: dict[str, User], client_as: Any
) -> None:
    """The rows are built in Python (for speed), not by the template's date filter: they must
    still follow the language."""
    meera = cast["caseworker"]
    meera.language = "bn"
    meera.save(update_fields=["language"])
    page = client_as("caseworker").get(reverse("cases:case-list"))
    with translation.override("bn"):
        opened = Template('{{ d|date:"j M Y" }}').render(Context({"d": case.opened_on}))
    assert any(digit in opened for digit in "০১২৩৪৫৬৭৮৯")
    assert opened in page.text
    assert f"{case.opened_on:%b}" not in page.text.split("<tbody", 1)[1]


def test_a_count_is_written_in_the_language_s_digits_and_nothing_else_is() -> None:
    """Bengali writes counts in its own digits; Hindi and English keep 0-9. A value that is not
    a count ("< 11", a case reference) is left as it is, wherever the filter is put."""
    page = Template("{% load display %}{{ n|count }} · {{ small|count }} · {{ ref|count }}")
    values = {"n": 1204, "small": "< 11", "ref": "MK-2026-0042"}
    for language, expected in [("bn", "১২০৪ · &lt; 11 · MK-2026-0042"),
                               ("hi", "1204 · &lt; 11 · MK-2026-0042"),
                               ("en-gb", "1204 · &lt; 11 · MK-2026-0042")]:  # fmt: skip
        with translation.override(language):
            assert page.render(Context(values)) == expected, language
    with translation.override("bn"):
        assert Template("{% load display %}{{ yes|count }}").render(Context({"yes": True})) == (
            "True"
        )


def test_a_figure_is_a_count_or_an_amount_as_number_or_text_and_nothing_else() -> None:
    """``figure``: the cells of a table of figures, which are often text ("120", "3.5", the
    statistics' cells as the downloads write them): those in the reader's digits; a mark the page
    explains ("< 11", "—"), "1 / 30", a name or a reference as they are."""
    page = Template("{% load display %}{% for v in values %}{{ v|figure }}|{% endfor %}")
    values = [1204, "120", "1,204", "3.5", "< 11", "—", "1 / 30", "MK-2026-0042", "Ward 12", True,
              2.5, "12,04,500", "1,,"]  # fmt: skip
    for language, expected in [
        ("bn", "১২০৪|১২০|১,২০৪|৩.৫|&lt; 11|—|1 / 30|MK-2026-0042|Ward 12|True|২.৫|১২,০৪,৫০০|1,,|"),
        ("hi", "1204|120|1,204|3.5|&lt; 11|—|1 / 30|MK-2026-0042|Ward 12|True|2.5|12,04,500|1,,|"),
        (
            "en-gb",
            "1204|120|1,204|3.5|&lt; 11|—|1 / 30|MK-2026-0042|Ward 12|True|2.5|12,04,500|1,,|",
        ),
    ]:
        with translation.override(language):
            assert page.render(Context({"values": values})) == expected, language


@pytest.mark.parametrize(
    ("language", "spans", "waits"),
    [
        ("en-gb", ["3 days 4 h", "5 h 20 min", "1 h", "12 min"],
         ["15 min", "3 h 20 min", "12 days"]),
        ("bn", ["৩ দিন ৪ ঘণ্টা", "৫ ঘণ্টা ২০ মিনিট", "১ ঘণ্টা", "১২ মিনিট"],
         ["১৫ মিনিট", "৩ ঘণ্টা ২০ মিনিট", "১২ দিন"]),
        ("hi", ["3 दिन 4 घंटे", "5 घंटे 20 मिनट", "1 घंटा", "12 मिनट"],
         ["15 मिनट", "3 घंटे 20 मिनट", "12 दिन"]),
    ],
)  # fmt: skip
def test_durations_are_in_the_reader_s_words_and_digits(
    language: str, spans: list[str], waits: list[str]
) -> None:
    """ "18 দিন 15 h আগে" mixed Bengali days with Latin hours and 0-9 beside dates in Bengali
    digits; English is as it was."""
    from mukti.core.templatetags.display import duration_words, minutes

    with translation.override(language):
        assert [
            duration_words(dt.timedelta(days=3, hours=4)),
            duration_words(dt.timedelta(hours=5, minutes=20)),
            duration_words(dt.timedelta(hours=1)),
            duration_words(dt.timedelta(minutes=12)),
        ] == spans
        assert [minutes(15), minutes(200), minutes(12 * 24 * 60 + 5)] == waits


def test_from_and_to_are_translated_for_what_they_mean() -> None:
    """One English word, four meanings: a period's end read "কোথায়" / "कहाँ" (where) on every
    period form, and a referral's sender "শুরু" (start)."""
    from django.utils.translation import gettext, pgettext

    from mukti.deadlines.forms import PeriodForm
    from mukti.reports.forms import DashboardForm
    from mukti.rescue.forms import ResponsivenessForm

    for language, period, sender, recipient, destination in [
        ("bn", ("শুরু", "পর্যন্ত"), "প্রেরক", "প্রাপক", "গন্তব্য"),
        ("hi", ("से", "तक"), "प्रेषक", "प्राप्तकर्ता", "गंतव्य"),
        ("en-gb", ("From", "To"), "From", "To", "To"),
    ]:
        with translation.override(language):
            for form in (PeriodForm(), DashboardForm(), ResponsivenessForm()):
                labels = (str(form.fields["start"].label), str(form.fields["end"].label))
                assert labels == period, (language, type(form).__name__)
            assert gettext("From") == sender and gettext("To") == recipient
            assert pgettext("destination", "To") == destination


def test_short_words_are_translated_for_what_they_mean_where_they_stand(
    cast: dict[str, User],
) -> None:
    """One English word, two meanings, one translation that was wrong in one of them: the API
    tokens' "May" (what a token may do) read মে / मई (the month), the goal's "by" (a date) কে /
    किसके द्वारा (by whom), the packet page's "Open" button and the sighting form's "Record"
    button read as an adjective and a noun, the shelter homes' column "Home" read "home page"
    in Hindi and the home page "shelter home", and the responsiveness export's and dashboard's
    "Referred on" (passed onward, a count) read "date of referral", and the lateness table's
    count of clocks read সময়সীমা in Bengali, as its first column, the clock, does."""
    from django.template.loader import get_template

    from mukti.care.forms import GoalForm
    from mukti.care.models import Goal
    from mukti.reports.dashboard import responsiveness_chart
    from mukti.reports.selectors import lateness_table, responsiveness_table
    from mukti.rescue.forms import ResponsivenessForm

    uses = {
        "api/token_list.html": '"May" context "permission"',
        "api/token_admin.html": '"May" context "permission"',
        "care/case_care.html": '"by" context "deadline"',
        "sharing/packet_code.html": '"Open" context "button"',
        "cases/sighting_form.html": '"Record" context "button"',
        "care/shelters.html": '"Home" context "shelter"',
    }
    for name, use in uses.items():
        assert use in get_template(name).template.source, name  # type: ignore[attr-defined]
    words = Template(
        "{% load i18n %}"
        '{% translate "May" context "permission" %}|{% translate "May" %}|'
        '{% translate "by" context "deadline" %}|{% translate "by" %}|'
        '{% translate "Open" context "button" %}|{% translate "Open" %}|'
        '{% translate "Record" context "button" %}|{% translate "Record" %}|'
        '{% translate "Home" context "shelter" %}|{% translate "Home" %}'
    )
    day = dt.date(2026, 12, 1)
    for language, expected, goal_by, per, onward, referred_on in [
        (
            "bn",
            "অনুমতি|মে|কবের মধ্যে|কে|খুলুন|খোলা|লিখুন|রেকর্ড|আশ্রয় গৃহ|হোম",
            "কবের মধ্যে", "কী অনুযায়ী", "অন্যত্র পাঠিয়েছে", "রেফারের তারিখ",
        ),
        (
            "hi",
            "अनुमति|मई|कब तक|किसके द्वारा|खोलें|खुला|दर्ज करें|रिकॉर्ड|आश्रय गृह|होम",
            "कब तक", "किस हिसाब से", "आगे भेजा", "रेफ़र करने की तारीख",
        ),
        (
            "en-gb",
            "May|May|by|by|Open|Open|Record|Record|Home|Home",
            "By", "Per", "Referred on", "Referred on",
        ),
    ]:  # fmt: skip
        with translation.override(language):
            assert words.render(Context()) == expected, language
            assert str(GoalForm.base_fields["target_on"].label) == goal_by
            assert str(Goal._meta.get_field("target_on").verbose_name) == goal_by.lower()
            assert str(ResponsivenessForm.base_fields["by"].label) == per
            rupa = cast["supervisor"]
            table = responsiveness_table(actor=rupa, start=day, end=day, by="office")
            chart = responsiveness_chart(actor=rupa, start=day, end=day, district=None)
            assert table.headers[4] == onward and str(chart.headers[3]) == onward, language
            assert translation.gettext("Referred on") == referred_on
            assert translation.gettext("referred on").lower() == onward.lower()  # its series
    for language, count, section in [
        ("bn", "মোট সময়সীমা", "সময়সীমা"),
        ("hi", "कुल समय-सीमाएँ", "समय-सीमाएँ"),
        ("en-gb", "Clocks", "Clocks"),
    ]:
        with translation.override(language):
            headers = lateness_table(actor=cast["supervisor"], start=day, end=day).headers
            assert headers[2] == count and headers[0] == translation.gettext("Clock") != count
            assert translation.gettext("Clocks") == section  # the case page's and report's
