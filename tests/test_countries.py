"""Countries as people write them: codes, names and common names, in every place one is typed."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time

import pytest

from bilateral.db import countries, csvfile, query, reference
from bilateral.db.model import Participant, Record
from bilateral.db.records import get_record
from bilateral.db.store import open_database
from bilateral.db.validation import normalise, validate

KINDS = {"aid": ("070", 2), "visit": ("042", 1)}

FORMS = {
    "RUS": ["RUS", "rus", "RU", "ru", "Russia", "Russian Federation", "russia", "  Russia  "],
    "TUR": ["Turkey", "Türkiye", "turkiye", "TURKIYE", "Republic of Türkiye"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom", "GB"],
    "USA": ["USA", "US", "U.S.", "United States", "United States of America", "America"],
    "IRN": ["Iran", "Islamic Republic of Iran", "Iran, Islamic Republic of"],
    "SYR": ["Syria", "Syrian Arab Republic"],
    "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos", "Lao People's Democratic Republic"],
    "BOL": ["Bolivia", "Plurinational State of Bolivia"],
    "VEN": ["Venezuela", "Bolivarian Republic of Venezuela"],
    "TZA": ["Tanzania", "United Republic of Tanzania"],
    "MDA": ["Moldova", "Republic of Moldova"],
    "KOR": ["South Korea", "Korea, Republic of", "Republic of Korea"],
    "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "côte d’ivoire", "CI"],
    "CZE": ["Czech Republic", "Czechia"],
    "PSE": ["Palestine", "State of Palestine", "Palestine, State of"],
    "TWN": ["Taiwan", "TW"],
    "XKX": ["Kosovo", "XKX", "XK", "kosovo"],
    "MKD": ["Macedonia", "North Macedonia"],
    "MMR": ["Burma", "Myanmar"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "SWZ": ["Swaziland", "Eswatini"],
    "NLD": ["Holland", "Netherlands", "The Netherlands"],
    "COD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of the Congo"],
    "COG": ["Congo-Brazzaville", "Republic of the Congo", "Congo"],
    "TLS": ["East Timor", "Timor-Leste"],
    "VAT": ["Vatican", "Vatican City", "Holy See", "Holy See (Vatican City State)"],
    "BRN": ["Brunei", "Brunei Darussalam"],
    "FSM": ["Micronesia", "Federated States of Micronesia"],
    "BHS": ["Bahamas", "The Bahamas", "the bahamas"],
    "GMB": ["Gambia", "The Gambia", "Gambia, The"],
    "GNB": ["Guinea-Bissau", "guinea bissau"],
    "LCA": ["Saint Lucia", "St Lucia", "St. Lucia"],
}


@pytest.mark.parametrize(
    ("code", "text"), [(code, text) for code, texts in FORMS.items() for text in texts]
)
def test_every_form_people_write_resolves_to_the_alpha3_code(code, text):
    assert countries.resolve(text) == code


@pytest.mark.parametrize("text", ["Russia (RUS)", "russia (rus)", "Russian Federation (RUS)"])
def test_the_pickers_name_and_code_form_resolves(text):
    assert countries.resolve(text) == "RUS"


def test_a_name_and_code_that_disagree_is_no_country():
    assert countries.resolve("Cuba (RUS)") is None


@pytest.mark.parametrize("text", ["Rusia", "Atlantis", "Korea", "", "R", "Russia Cuba"])
def test_what_is_no_single_country_resolves_to_none(text):
    assert countries.resolve(text) is None


def test_kosovo_is_a_stored_country_named_kosovo():
    assert reference.is_country("XKX") and reference.country_name("XKX") == "Kosovo"


@pytest.mark.parametrize(
    ("code", "name"),
    [("RUS", "Russia"), ("IRN", "Iran"), ("SYR", "Syria"), ("KOR", "South Korea")],
)
def test_countries_are_shown_by_the_names_people_use(code, name):
    assert reference.country_name(code) == name


def test_the_country_list_stays_sorted_by_name_accents_aside():
    names = list(reference.countries().values())
    assert names.index("Åland Islands") < names.index("Albania")
    assert names[0] == "Afghanistan" and names[-1] == "Zimbabwe"


def test_suggest_offers_russia_for_rusia():
    assert countries.suggest("Rusia") == ["Russia (RUS)"]


def test_suggest_offers_both_koreas_for_korea():
    assert set(countries.suggest("Korea")) == {"North Korea (PRK)", "South Korea (KOR)"}


def normalised(**changes) -> Record:
    values = {"actor": "CHN", "partner": "CUB", "kind": "aid", "date": "2023", "title": "T"}
    return normalise(Record(**{**values, **changes}))


@pytest.mark.parametrize("text", ["RU", "ru", "Russia", "Russian Federation", "russia"])
def test_normalise_stores_the_alpha3_code_of_what_was_typed(text):
    record = normalised(actor=text, participants=[Participant("Sergei Lavrov", text)])
    assert (record.actor, record.participants[0].country) == ("RUS", "RUS")
    assert validate(record, KINDS) == []


def test_an_unknown_country_says_which_was_meant():
    messages = [p.message for p in validate(normalised(partner="Rusia"), KINDS)]
    assert messages == ["'Rusia' is not a country; did you mean Russia (RUS)?"]


def test_an_unknown_participant_country_says_which_was_meant():
    record = normalised(participants=[Participant("Sergei Lavrov", "Rusia")])
    assert [p.message for p in validate(record, KINDS)] == [
        "participant 1: 'Rusia' is not a country; did you mean Russia (RUS)?"
    ]


def test_a_blank_country_keeps_its_message():
    assert [p.message for p in validate(normalised(actor=" "), KINDS)] == ["choose a country"]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("RU-CU", "CUB-RUS"),
        ("Russia,Cuba", "CUB-RUS"),
        ("Russia, Cuba", "CUB-RUS"),
        ("Guinea-Bissau/Cuba", "CUB-GNB"),
        ("Guinea-Bissau, Cuba", "CUB-GNB"),
        ("Guinea-Bissau-Cuba", "CUB-GNB"),
        ("Cuba-Guinea-Bissau", "CUB-GNB"),
        ("united states/cuba", "CUB-USA"),
        ("united states cuba", "CUB-USA"),
        ("cub-chn", "CHN-CUB"),
        ("CHN CUB", "CHN-CUB"),
        ("China – Cuba", "CHN-CUB"),
        ("Côte d'Ivoire / Türkiye", "CIV-TUR"),
        ("Korea, Republic of, Cuba", "CUB-KOR"),
        ("Trinidad and Tobago and Cuba", "CUB-TTO"),
        ("Kosovo-Serbia", "SRB-XKX"),
    ],
)
def test_a_pair_may_be_written_with_codes_or_names(text, pair):
    assert query.parse_pair(text) == pair


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Rusia-Cuba", "'Rusia' is not a country; did you mean Russia (RUS)?"),
        ("Cuba / Rusia", "'Rusia' is not a country; did you mean Russia (RUS)?"),
        ("CHN-XXX", "'XXX' is not a country: write its name or code, such as Cuba or CUB"),
        (
            "CHN",
            "'CHN' is not a pair: China (CHN) is one country; "
            'write two, such as CHN-CUB or "Russia, Cuba"',
        ),
        (
            "Guinea-Bissau",
            "'Guinea-Bissau' is not a pair: Guinea-Bissau (GNB) is one country; "
            'write two, such as CHN-CUB or "Russia, Cuba"',
        ),
        ("RU-RUS", "'RU-RUS' names Russia (RUS) twice; a pair is two countries"),
        ("", 'write two countries, such as CHN-CUB or "Russia, Cuba"'),
        (
            "x-y-z",
            "'x-y-z' is not a pair: write two countries, such as CHN-CUB or \"Russia, Cuba\"",
        ),
    ],
)
def test_a_bad_pair_says_what_would_be_right(text, message):
    with pytest.raises(query.FilterError) as error:
        query.parse_pair(text)
    assert str(error.value) == message


RUSSIA_CUBA = (
    "actor,partner,kind,date,title,participants\r\n"
    "Russia,cu,visit,2023-01-10,Lavrov in Havana,Sergei Lavrov | Russia | Foreign Minister\r\n"
    "Russian Federation,Cuba,visit,2023-04-02,Talks,Bruno Rodríguez | cuba | Foreign Minister\r\n"
    "RU,CUB,aid,2023-06-01,Wheat,\r\n"
    "cuba,russia,visit,2023-09-20,Díaz-Canel in Moscow,Miguel Díaz-Canel | CU | President\r\n"
)


@pytest.fixture
def russia_cuba(db_path, tmp_path):
    """A database with the Russia–Cuba file, typed with names, alpha-2 codes and mixed case."""
    path = tmp_path / "russia-cuba.csv"
    path.write_text(RUSSIA_CUBA, encoding="utf-8", newline="")
    db = open_database(db_path)
    report = csvfile.import_records(db, path)
    assert report.added == 4
    yield db
    db.close()


def test_a_file_typed_with_names_and_alpha2_codes_stores_alpha3(russia_cuba):
    records = [get_record(russia_cuba, i) for i in range(1, 5)]
    assert [(r.actor, r.partner) for r in records] == [("RUS", "CUB")] * 3 + [("CUB", "RUS")]
    assert [p.country for r in records for p in r.participants] == ["RUS", "CUB", "CUB"]
    assert set(query.list_ids(russia_cuba, query.Filter(pair="Russia, Cuba"))) == {
        1,
        2,
        3,
        4,
    }


def test_a_misspelt_country_in_a_file_says_which_was_meant(empty_db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "actor,partner,kind,date,title,participants\r\n"
        "Rusia,Cuba,visit,2023,T,Sergei Lavrov | Rusia | Foreign Minister\r\n",
        encoding="utf-8",
    )
    with pytest.raises(csvfile.ImportFailed) as failed:
        csvfile.import_records(empty_db, path)
    assert [(p.column, p.reason) for p in failed.value.report.problems] == [
        ("actor", "'Rusia' is not a country or party; did you mean Russia (RUS)?"),
        ("participants", "participant 1: 'Rusia' is not a country; did you mean Russia (RUS)?"),
    ]


COMMAND = [
    sys.executable,
    "-c",
    "import sys; from bilateral.cli.main import main; sys.exit(main())",
]


def exported_titles(db_path, pair: str) -> list[str]:
    result = subprocess.run(
        [*COMMAND, "export", "records", "--db", str(db_path), "--pair", pair],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return sorted(row["title"] for row in csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("pair", ["RU-CU", "Russia,Cuba"])
def test_the_cli_finds_the_pair_written_either_way(russia_cuba, db_path, pair):
    titles = ["Díaz-Canel in Moscow", "Lavrov in Havana", "Talks", "Wheat"]
    assert exported_titles(db_path, pair) == titles


def test_the_cli_says_which_country_was_meant(db_path):
    result = subprocess.run(
        [*COMMAND, "export", "records", "--db", str(db_path), "--pair", "Rusia-Cuba"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (
        "bilateral: 'Rusia' is not a country or party; did you mean Russia (RUS)?" in result.stderr
    )


def test_once_the_time_for_suggestions_is_spent_messages_go_without_them(monkeypatch):
    monkeypatch.setattr(countries, "_ALLOWANCE", countries._Allowance(capacity=0.0))
    assert countries.unknown("Germanny") == (
        "'Germanny' is not a country: write its name or code, such as Cuba or CUB"
    )
    monkeypatch.setattr(countries, "_ALLOWANCE", countries._Allowance())
    assert countries.unknown("Germanny") == (
        "'Germanny' is not a country; did you mean Germany (DEU)?"
    )


def test_a_flood_of_different_non_countries_is_refused_quickly(monkeypatch):
    # As in a file whose columns are shifted by one: every actor is some other text.
    monkeypatch.setattr(countries, "_ALLOWANCE", countries._Allowance())
    started = time.monotonic()
    for number in range(20_000):
        countries.unknown(f"Talks number {number}")
    assert time.monotonic() - started < 6  # about 1.5 s; some 15 s with a suggestion each


@pytest.mark.parametrize("text", ["RUS\x00", "Rus\u200bsia", "Russia\u202e"])
def test_a_country_with_an_invisible_character_is_refused_not_cleaned(text):
    assert countries.resolve(text) is None
    assert normalised(actor=text).actor == text


@pytest.mark.parametrize("text", ["Côte\u00a0d'Ivoire", "Russia\u3000"])
def test_spaces_a_spreadsheet_writes_still_read_as_spaces(text):
    assert countries.resolve(text) in ("CIV", "RUS")
