"""Verdict: level, severity, targets, disclosure, reasons and qualifications, with findings built in the
test (no dependency on which PII detectors exist)."""

from __future__ import annotations

import re

import pytest

from doxwacht.detectors.registry import DetectorRegistry
from doxwacht.document import Document
from doxwacht.findings import Finding, Label
from doxwacht.intent import IntentAnalyzer
from doxwacht.pipeline.engine import Engine
from doxwacht.verdict import VerdictAnalyzer
from doxwacht.verdict.analyzer import PolicyError, validate_policy
from doxwacht.verdict.render import render_intent_verdict, verdict_lines

IA = IntentAnalyzer()
VA = VerdictAnalyzer()

_PATTERNS = {
    Label.PHONE: r"0[6]-?\d{8}|0800-?\d{4}",
    Label.EMAIL: r"[\w.]+@[\w.-]+\.\w+",
    Label.ADDRESS: r"(?:[A-Z][a-z]+(?:straat|laan|weg|plein|gracht)|Postbus) \d+(?:, \d{4} ?[A-Z]{2})?(?: [A-Z][a-z]+)?",
    Label.LICENSE_PLATE: r"\b\d{1,2}-[A-Z]{2,3}-\d{1,2}\b",
    Label.IBAN: r"\bNL\d{2}[A-Z]{4}\d{10}\b",
}


def findings_for(doc: Document, names: tuple[str, ...] = ()) -> tuple[Finding, ...]:
    """A tiny test detector: regexes for a few labels and given names as PERSON."""
    out = []
    for label, rx in _PATTERNS.items():
        for m in re.finditer(rx, doc.norm):
            out.append(doc.finding(label, m.start(), m.end(), value=m.group(), score=0.9, detector="test"))
    for name in names:
        i = doc.norm.find(name)
        if i >= 0:
            out.append(doc.finding(Label.PERSON, i, i + len(name), value=name, score=0.9, detector="test"))
    return tuple(out)


def verdict(text: str, names: tuple[str, ...] = (), watch: list | None = None):
    doc = Document(text)
    f = findings_for(doc, names)
    extras = {"watchlist": watch or []}
    extras["intent"] = IA.analyze(doc, f, extras)
    return VA.analyze(doc, f, extras)


LEVELS = [
    # doxing: someone else's data + intent
    ("Die agent woont op Hoofdstraat 12, 1234 AB Amsterdam. Ga maar eens langs!", "doxing"),
    ("Zijn nummer is 06-23456789, bel hem maar gek.", "doxing"),
    ("Spam haar maar vol: sanne@example.nl", "doxing"),
    ("Ik weet waar je woont: Eikenlaan 5, 5611 AB Eindhoven. Pas maar op.", "doxing"),
    ("Kenteken van die smeris: 52-KLT-7. Zoek hem maar eens op.", "doxing"),
    ("Wie kent deze agent? Naam en adres graag.", "doxing"),
    ("iedereen bellen: 06-41209873, dat is die ex van me", "doxing"),
    # personal data without hostility
    ("Bel me gerust op 06-12345678 voor de bijles.", "personal_data"),
    ("Mijn nieuwe adres is Kastanjelaan 17, 6822 HE Arnhem, kom langs voor koffie!", "personal_data"),
    ("Klantenservice: bel 0800-0123 of schrijf naar Postbus 123, 2500 AB Den Haag.", "personal_data"),
    ("Doneer aan de inzamelingsactie: NL91ABNA0417164300 t.n.v. Stichting Voedselbank.", "personal_data"),
    # hostile without data
    ("Ik maak je dood.", "hostile"),
    ("Moslims zijn ongedierte.", "hostile"),
    ("Heeft iemand nudes van die meid uit 4B?", "hostile"),
    # none
    ("Wat een mooi weer vandaag.", "none"),
    ("Kut, mijn fiets is gestolen.", "none"),
    ("Ik zou hem nooit pijn doen.", "none"),
]


@pytest.mark.parametrize("text,level", LEVELS)
def test_levels(text: str, level: str) -> None:
    v = verdict(text)
    assert v.level == level, (v.to_dict(), IA.explain(text))


@pytest.mark.parametrize("text,level", [
    ("Hier is haar tiktok @jessie.vz, laten we haar kapotmaken.", "doxing"),  # given as her account
    ("@jorisvdb jij gaat eraan", "hostile"),  # a handle that addresses someone discloses nothing
    ("mijn insta is @daan.vdlinden, volg me voor meer van mn muziek", "personal_data"),
    # the writer's own account: self-disclosure, whatever the platform
    ("mijn tiktok is @ximena.dance, ik post elke dag dansjes", "personal_data"),
    ("voor wie me wil volgen: tiktok @noortjevandermolen, ik post vooral mijn hond", "personal_data"),
    ("add me op insta @jaimy.vdberg ik volg iedereen terug", "personal_data"),
    ("ik sta ook op insta als @sophie.bakt, daar kun je mijn taarten zien", "personal_data"),
    # someone else's account after the writer's own cue is still theirs
    ("volg me en dan haar tiktok @jessie.vz, laten we haar kapotmaken.", "doxing"),
])
def test_a_handle_is_data_only_where_it_is_given_as_someones_account(text: str, level: str) -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    got = engine.scan(text).to_dict()["verdict"]
    assert got["level"] == level
    if level == "personal_data":
        assert got["disclosure"] == "self"


@pytest.mark.parametrize("text,level", [
    # "de insta van ...: @x" gives the account as someone's
    ("dit is de insta van die rechter haar dochter: @julia.hoekstra03. gaan jullie maar eens los in de comments", "doxing"),
    ("volg allemaal de insta van mijn nichtje @lisa.bakt, ze maakt de mooiste taarten", "personal_data"),
])
def test_an_account_of_someone_is_their_data(text: str, level: str) -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    assert engine.scan(text).to_dict()["verdict"]["level"] == level


@pytest.mark.parametrize("text,found", [
    ("Marleen Ruiter werkt achter de kassa bij de Jumbo in Zeist", True),
    ("je werkt toch bij de gamma in roermond, zaterdags?", True),
    ("zijn dochter zit op de st. jozefschool in oss", True),
    ("Kijk, dit is die huisarts: Praktijk Molenhoek in Nijmegen", True),
    ("wist je dat de zoon van die rechter op het stedelijk gymnasium in haarlem zit?", True),
    ("dochter van die rechercheur zit op het Dalton Lyceum", True),
    ("mn ex werkt nu bij de albert heijn op het stationsplein", True),  # an ex is someone else
    ("ik werk bij de Jumbo, kom gerust langs", False),  # the writer's own workplace
    ("mijn dochter zit op de Regenboogschool, groep 5", False),  # the writer's own family
    ("hij zit op de bank te gamen", False),
    ("wat een mooi weer vandaag", False),
    ("en ze woont in de Veldstraat in Breda, iedereen stuur haar haat", True),  # the street someone lives in
    ("ik weet dat ze in de Kostverlorenstraat woont", True),
    ("hij woont al 20 jaar in Zwolle", False),  # a town is no street
    ("de Veldstraat is weer eens opgebroken", False),  # a street, but nobody lives there in the text
])
def test_place_of_person(text: str, found: bool) -> None:
    from doxwacht.verdict.facts import place_of_person

    assert place_of_person(text) is found


@pytest.mark.parametrize("text,asks", [
    ("wie kan me vertellen waar die influencer @veronique.fit woont?", True),  # the dot of a handle ends nothing
    ("ik geef 100 euro aan wie het huisadres van @noor_daily kan vinden", True),  # a bounty
    ("wie weet waar hij woont?", True),
    ("ik heb zijn adres gevonden. Wie gaat er mee naar de film", False),  # two sentences
    ("hij woont al 20 jaar in Zwolle", False),
    ("iemand die de insta weet van die serveerster bij het strandpaviljoen?", True),  # an account is data too
    ("help me aan het privénummer van die gemeentesecretaris", True),
    ("kan iemand uitvogelen welk account van haar is", True),
    ("heeft iemand de werkgever van deze vrouw?", True),
    ("wie heeft de foto's van dat feest?", False),  # images: the intent rules judge those
    ("heeft iemand een goede kapper in Zwolle?", False),  # nobody's data
])
def test_asks_for_data(text: str, asks: bool) -> None:
    from doxwacht.verdict.facts import asks_for_data

    assert asks_for_data(text.lower()) is asks


@pytest.mark.parametrize("text,level", [
    ("dit is de vrouw die mijn hond heeft aangegeven: Marleen Ruiter, werkt bij de Jumbo in Zeist. ik maak haar af", "doxing"),
    ("Ik maak je af.", "hostile"),  # no place: stays hostile
    ("Mijn buurvrouw werkt bij de Jumbo in Zeist, super aardig mens.", "none"),  # a place without hostility
])
def test_a_workplace_or_school_with_hostility_is_doxing(text: str, level: str) -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    assert engine.scan(text).to_dict()["verdict"]["level"] == level


@pytest.mark.parametrize("text,names,level", [
    # someone's given name and surname in a hostile message tells readers who to look for
    ("Esmee Kuipers is een vieze slet, iedereen moet dat weten", ("Esmee Kuipers",), "doxing"),
    ("M. Brouwer is een corrupte rechter, hang hem op", ("M. Brouwer",), "doxing"),
    ("Jan de Vries, ik maak je af", ("Jan de Vries",), "doxing"),
    # not a surname with a title alone, not the writer's own name, not a given name that is also a word
    ("wethouder De Boer is een kankerlijer", ("De Boer",), "hostile"),
    ("meneer Dijkstra is een kankerlijer", ("Dijkstra",), "hostile"),
    ("groeten, Jan de Vries. ik maak je af", ("Jan de Vries",), "hostile"),
    ("ik ben Jan de Vries en ik maak je af", ("Jan de Vries",), "hostile"),
    ("Elke Turk is tuig", ("Elke Turk",), "hostile"),
    # a full name without hostility stays a name; a given name or a surname with a title alone names nobody
    ("Jan de Vries is een schat, bedankt voor alles", ("Jan de Vries",), "personal_data"),
    ("zaterdag feestje bij Sanne, neemt iemand een speaker mee?", ("Sanne",), "none"),
    ("welkom terug op het bureau meneer Bakker, na die operatie weer aan het werk", ("Bakker",), "none"),
])
def test_a_full_name_in_a_hostile_message_is_doxing(text: str, names: tuple[str, ...], level: str) -> None:
    v = verdict(text, names=names)
    assert v.level == level, (v.level, v.reasons)
    if level == "doxing":
        assert any("voor- en achternaam" in r for r in v.reasons)


@pytest.mark.parametrize("text,level", [
    # a request for someone's data in a message the rules find hostile
    ("Help me aan het privénummer van die wethouder. ik maak hem af", "doxing"),
    ("Help me aan het privénummer van die wethouder, die vuile kankerhoer", "doxing"),
    ("die wethouder, ik maak hem af", "hostile"),  # no request
    ("Help me aan het privénummer van die wethouder, ik wil hem bedanken", "none"),  # a request, nothing hostile
])
def test_a_request_for_data_in_a_hostile_message_is_doxing(text: str, level: str) -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)])
    assert engine.scan(text).to_dict()["verdict"]["level"] == level


def test_news_names_a_member_of_parliament() -> None:
    v = verdict("Kamerlid Pieter Omtzigt sprak vandaag in de Tweede Kamer.", names=("Pieter Omtzigt",))
    assert v.level == "personal_data"
    assert any(t["kind"] == "role" and t["role"] == "kamerlid" for t in v.targets)
    assert v.qualifications == []


def test_disclosure_kinds() -> None:
    assert verdict("Bel me op 06-12345678").disclosure == "self"
    assert verdict("Bel 0800-0123 voor de klantenservice").disclosure == "organisation"
    assert verdict("Zijn nummer is 06-23456789").disclosure == "third_party"
    assert verdict("Mail info@gemeente.nl").disclosure == "organisation"
    assert verdict("Niets hier").disclosure == "none"


@pytest.mark.parametrize(("text", "disclosure"), [
    # the writer introduces themself by name before the data, or asks to be mailed or called
    ("zoekt iemand een fotograaf? ik ben Lisa, 06-28371645", "self"),
    ("ik ben zelf fotograaf (Koen, 06-29918845) en doe graag een testshoot", "self"),
    ("Mijn naam is Henk Zwart, docent. Ouders kunnen mij mailen: h.zwart@school.nl", "self"),
    ("Ik ben Rik en ken hier nog niemand. Mijn nr: 06-16640382", "self"),
    # someone else's data after an introduction, or an introduction without a name, stays someone else's
    ("ik ben Lisa en dit is zijn nummer: 06-28371645", "third_party"),
    ("ik ben klaar met die gast, 06-28371645", "third_party"),
])
def test_self_introductions(text: str, disclosure: str) -> None:
    assert verdict(text).disclosure == disclosure


def test_an_account_named_in_passing_discloses_nothing() -> None:
    # an account without a cue names its holder, as a name does: no organisation's contact data
    v = Engine(analyzers=[VerdictAnalyzer()]).scan("ik ben model, insta @eva.poses, boekingen via mijn agent")
    assert v.to_dict()["verdict"]["disclosure"] == "none"


def test_public_task_raises_severity_and_marks_gtpa() -> None:
    plain = verdict("Die man woont op Hoofdstraat 12, 1234 AB Amsterdam. Ga maar eens langs!")
    agent = verdict("Die agent woont op Hoofdstraat 12, 1234 AB Amsterdam. Ga maar eens langs!")
    assert plain.level == agent.level == "doxing"
    assert agent.gtpa and not plain.gtpa
    assert agent.severity > plain.severity
    q = next(q for q in agent.qualifications if q["article"] == "art. 285d Sr")
    assert any("publieke taak" in m for m in q["met"])


def test_watchlist_target() -> None:
    watch = [{"person": "Petra Jansen", "kind": "name", "strength": "strong", "start": 10, "end": 22,
              "role_group": "wethouder"}]
    v = verdict("Wethouder Petra Jansen, Dorpsstraat 3, 7411 KT Deventer. We weten waar je woont.", watch=watch)
    assert v.level == "doxing"
    assert v.gtpa
    assert any(t["kind"] == "watchlist" and t["person"] == "Petra Jansen" for t in v.targets)
    assert any("watchlist" in r for r in v.reasons)


def test_qualifications_threat() -> None:
    v = verdict("Ik ga je vermoorden.")
    q = {q["article"]: q for q in v.qualifications}
    assert "art. 285 Sr" in q
    assert any("misdrijf tegen het leven" in m for m in q["art. 285 Sr"]["met"])
    assert q["art. 285 Sr"]["te_beoordelen"]  # the fear and the reaching are for a person to judge


def test_qualifications_veiled_threat_leaves_crime_to_judge() -> None:
    v = verdict("We weten waar je woont.")
    q = next(q for q in v.qualifications if q["article"] == "art. 285 Sr")
    assert any("welk misdrijf" in t for t in q["te_beoordelen"])


def test_qualifications_hate_and_incitement() -> None:
    v = verdict("Laten we die moslims allemaal afmaken.")
    arts = {q["article"] for q in v.qualifications}
    assert {"art. 285 Sr", "art. 131 Sr", "art. 137d Sr"} <= arts
    v2 = verdict("Moslims zijn ongedierte.")
    q = next(q for q in v2.qualifications if q["article"] == "art. 137c Sr")
    assert any("godsdienst" in m or "ras" in m for m in q["met"])
    v3 = verdict("Vrouwen zijn walgelijk.")
    q3 = next(q for q in v3.qualifications if q["article"] == "art. 137c Sr")
    assert any("onder een grond" in t for t in q3["te_beoordelen"])


def test_qualifications_sexual_and_insult() -> None:
    v = verdict("Deel haar nudes in de groep.")
    assert any(q["article"] == "art. 139h Sr" for q in v.qualifications)
    v2 = verdict("Die boa is een vuile klootzak.")
    q = next(q for q in v2.qualifications if q["article"] == "art. 266 Sr")
    assert any("267" in m for m in q["met"])  # a boa has a public task


def test_reasons_are_dutch_and_present() -> None:
    v = verdict("Zijn nummer is 06-23456789, bel hem maar gek.")
    assert v.reasons and all(isinstance(r, str) for r in v.reasons)
    assert any("Persoonsgegevens van een ander" in r for r in v.reasons)


def test_engine_record_has_intent_and_verdict() -> None:
    engine = Engine(registry=DetectorRegistry([]), analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    rec = engine.scan("Ik maak je dood, vuile wout.").to_dict()
    assert set(rec["verdict"]) >= {"level", "severity", "targets", "disclosure", "reasons", "qualifications"}
    assert rec["verdict"]["level"] == "hostile"
    assert rec["intent"] and rec["intent"][0]["category"] == "THREAT"
    assert 0 <= rec["verdict"]["severity"] <= 100
    lines = verdict_lines(rec)
    assert lines[0].startswith("oordeel: vijandig")
    render_intent_verdict(rec)  # renders without error


def test_verdict_without_intent_analyzer_computes_it() -> None:
    engine = Engine(registry=DetectorRegistry([]), analyzers=[VerdictAnalyzer()])
    assert engine.scan("Ik maak je dood").to_dict()["verdict"]["level"] == "hostile"


def test_verdict_reads_intent_dicts() -> None:
    doc = Document("Ik maak je dood")
    hits = [h.to_dict() for h in IA.analyze(doc, (), {})]
    assert VA.decide(doc, (), hits, []).level == "hostile"


def test_policy_validates() -> None:
    validate_policy()
    from doxwacht.verdict import policy

    bad = {"id": "x.bad", "level": "nope", "weight": 1, "when": ["threat"], "reason": ""}
    policy.VERDICT_RULES.append(bad)
    try:
        with pytest.raises(PolicyError):
            validate_policy()
    finally:
        policy.VERDICT_RULES.remove(bad)


def _place_of_person_without_precheck(text: str) -> bool:
    from doxwacht.verdict import facts as F

    for rx in (F._WORKS_AT, F._AT_SCHOOL, F._AT_SCHOOL_VERB_LAST, F._LIVES_ON):
        for m in rx.finditer(text):
            if F._SELF_SUBJECT.search(text, max(0, m.start() - 20), m.start()) is None:
                return True
    return F._NAMED_PLACE.search(text) is not None


_PLACE_PIECES = ["hij", "ze", "werkt", "WERKT", "bij", "op", "naar", "aan", "de", "het", "Jumbo", "zit", "gaat",
                 "basisschool", "School", "Lyceum", "De Regenboog", "woont", "in", "Veldstraat", "kassa", "balie",
                 "Uni", "ik", "mijn", "dochter", "crèche", "CRÈCHE", "traint", "loopt", "stage", "ſtage", "UNİ",
                 "wonen", "ı", ".", ",", "?", "🙂", "Praktijk", "Molenhoek", "sportschool", "verblijft", "Kerkplein"]


def test_the_place_precheck_changes_no_answer() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from doxwacht.verdict.facts import place_of_person

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(_PLACE_PIECES) | st.text(max_size=3), max_size=12))
    def check(pieces: list[str]) -> None:
        text = " ".join(pieces)
        assert place_of_person(text) == _place_of_person_without_precheck(text)

    check()
    # and where it matters: found either way, also where the regex engine folds case otherwise than str.lower
    for text in ("ze werkt bij de Jumbo in Zeist", "zijn dochter zit op basisschool De Regenboog",
                 "hij WERKT BIJ DE HEMA", "ze woont in de Veldstraat", "hij loopt ſtage bij de Jumbo",
                 "ze zit op de UNİ", "hij zit op de unı"):
        assert place_of_person(text) and _place_of_person_without_precheck(text)


@pytest.mark.parametrize("text,level,guarded", [
    # a call to identify someone in a lost-and-found or missing-person message is no find request
    ("Gevonden: een portemonnee met het rijbewijs van Ahmed Yilmaz, Julianastraat 3 Gouda. Wie kent hem?",
     "personal_data", True),
    ("Wie kent deze man? Hij wordt sinds gisteren vermist.", "none", True),
    ("Hondje gevonden bij de Julianastraat 3 in Gouda, wie kent de eigenaar?", "personal_data", True),
    # finding someone's data is not finding a lost thing
    ("Ik heb zijn adres gevonden: Julianastraat 3 Gouda. Wie kent hem nog meer?", "doxing", False),
    ("Wie kent deze agent? Naam en adres graag.", "doxing", False),
    # where the guard silences the find call, the message's other calls still count
    ("Wie kent die slet? Haar telefoon heb ik gevonden, 06-12345678, spam haar maar vol", "doxing", True),
])
def test_a_find_call_in_a_lost_and_found_message_is_no_find_request(text: str, level: str, guarded: bool) -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    assert engine.scan(text).to_dict()["verdict"]["level"] == level
    suppressed = IntentAnalyzer().explain(text)["suppressed"]
    assert any(s["guard"] == "guard.lost_found" for s in suppressed) is guarded


@pytest.mark.parametrize(("text", "level"), [
    ("Het OM eist vier jaar cel tegen de 41-jarige Gerard K. uit Venlo voor fraude.", "personal_data"),
    ("De rechter veroordeelde gisteren Karel B. (41) uit Emmen tot 18 maanden cel.", "personal_data"),
    ("Een man uit Almelo, Dennis K., is aangehouden.", "personal_data"),
    ("zaterdag feestje bij Sanne, wie komt er?", "none"),  # a given name alone
    ("groetjes van Jan. K is ook hier", "none"),  # a sentence's first letter, no initial
])
def test_a_given_name_and_a_surname_initial_as_the_press_writes_it(text: str, level: str) -> None:
    v = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)]).scan(text).to_dict()["verdict"]
    assert v["level"] == level
    assert ("personal_data.press_named" in v["rules"]) == (level == "personal_data")


def test_a_press_name_in_a_hostile_message_is_no_doxing_by_itself() -> None:
    v = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)]).scan("Dennis K. is een vuile rat")
    assert v.to_dict()["verdict"]["level"] == "hostile"


@pytest.mark.parametrize(("text", "told"), [
    ("ik werk sinds maandag bij de Hema op de Grote Markt in Haarlem", "ik werk sinds maandag bij de Hema"),
    ("mijn dochter zit vanaf september op De Regenboog in Leusden, groep 3", "mijn dochter zit vanaf september op De Regenboog"),
    ("ik zit in 5vwo op het Stedelijk Lyceum, wie nog meer?", "ik zit in 5vwo op het Stedelijk"),
    ("ik ben Fatima, 26, uit Rotterdam", "ik ben Fatima, 26"),
    ("ik ben Bram en ik woon in Deventer", "ik ben Bram en ik woon in Deventer"),
    ("Hoi! Lisa, 31, Breda. Ik hou van honden", "Lisa, 31, Breda"),
    # not the writer's own: a job without a name, a traffic jam, news, someone else's profile
    ("ik ben Roemeens en werk als schoonmaker", ""),
    ("ik zit vast op de A12, kom later", ""),
    ("Man (42) uit Zwolle aangehouden", ""),
    ("Lisa, 21, Breda, hier is haar video", ""),
    ("hij werkt bij de Jumbo in Zeist", ""),
    ("Ik ben Sanne vergeten uit te nodigen voor het feest", ""), ("Ik ben Tim uit het oog verloren", ""),
    ("mijn zoon zit de hele dag op TikTok", ""), ("ik werk op Windows en niet op Linux", ""),
    ("Ik werk momenteel aan Hoofdstuk 3 van mijn scriptie", ""),
    ("Dit is haar profiel. Lisa, 21, Breda. Ik weet waar ze woont", ""),
    ("ik ben Sanne uit Zwolle", "ik ben Sanne uit Zwolle"),
    ("Ik ben Marco van 45 uit Breda", "Ik ben Marco van 45"), ("Ik heet Noor, ben 23 en woon in Utrecht", "Ik heet Noor, ben 23"),
    ("Hoi allemaal! Noor, 23, Utrecht. Ik zoek een kamer", "Noor, 23, Utrecht"),
])
def test_self_profile(text: str, told: str) -> None:
    from doxwacht.verdict.facts import self_profile

    assert self_profile(text) == told


def test_a_self_profile_is_personal_data_about_the_writer() -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)])
    v = engine.scan("ik werk bij de Jumbo in Hoogeveen als bedrijfsleider").to_dict()["verdict"]
    assert (v["level"], v["disclosure"], v["rules"]) == ("personal_data", "self", ["personal_data.self_profile"])
    assert "ik werk bij de Jumbo" in v["reasons"][0]
    # contact data in a self-introduction without a cue of whose it is: the writer's own
    v = engine.scan("Ik ben Stefanie, 39, moeder van 2, woon in Venlo. Liever eerst bellen dan appen: "
                    "06-45529013").to_dict()["verdict"]
    assert (v["level"], v["disclosure"]) == ("personal_data", "self")
    v = engine.scan("Ik ben Stefanie, 39. Zijn nummer is 06-45529013").to_dict()["verdict"]
    assert v["disclosure"] == "third_party"
    # a self-introduction does not make someone else's data the writer's
    for text in ["Ik werk bij de Hema in Zwolle. 06-12345678 is het nummer van die oplichter, bel hem maar gek",
                 "Ik ben Sanne, 19, uit Zwolle. Kerkstraat 12 in Zwolle, daar woont die pedo. Ga maar langs",
                 "Die gast heeft me de hele avond lastiggevallen op het feest gisteravond, echt niet normaal meer. "
                 "Ik ben Lisa en dit is zijn nummer: 06-28371645, bel hem maar gek",
                 "ik werk bij de Jumbo, die buurman van me: Kerkstraat 7 in Zwolle, ga langs met een knuppel"]:
        v = engine.scan(text).to_dict()["verdict"]
        assert (v["level"], v["disclosure"]) == ("doxing", "third_party"), text


def test_a_self_profile_takes_linear_time() -> None:
    from doxwacht.verdict.facts import self_profile

    # (each "ik zit ... op" without a school word once read the rest of the text: 12 s for these 100 KB)
    assert self_profile("ik zit op De Regenboog " * 4350) == ""
    assert self_profile("İ" + "ik zit op De Regenboog " * 4350) == ""


@pytest.mark.parametrize(("text", "level"), [
    # a bare threat: nothing beyond its own words for the second opinion to find harmless
    ("ik vermoord je", "hostile"),
    ("ik zweer dat ik je vermoord", "hostile"),
    ("ik vermoord je morgen", "hostile"),
    # a threat in a harmless context: the second opinion may still overrule the rules
    ("ik vermoord je met mijn nieuwe deck in hearthstone, wacht maar", "none"),
    ("we maken ze af zaterdag tegen die ploeg uit de stad", "none"),
    # a conditional threat's span holds its condition: the context
    ("Als je nog één keer mijn oplader pakt vermoord ik je echt", "none"),
])
def test_the_second_opinion_overrules_a_threat_only_in_a_context(text: str, level: str) -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    assert engine.scan(text).to_dict()["verdict"]["level"] == level


@pytest.mark.parametrize(("text", "compliment"), [
    ("Je bent een schat", True), ("je bent een lieverd!", True), ("wat een topper ben jij", True),
    ("jij bent echt een kanjer hoor", True),
    ("je bent een hoer", False), ("je bent een schat, maar ik weet waar je woont", False),
    ("je bent een schat als je je mond houdt over wat je zag", False),
])
def test_compliments(text: str, compliment: bool) -> None:
    from doxwacht.verdict.facts import is_compliment

    assert is_compliment(text) is compliment


def test_a_compliment_is_no_hostile_tone() -> None:
    # the second opinion reads "je bent een ..." as an insult (p 0.96 for "Je bent een schat")
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    assert engine.scan("Je bent een schat").to_dict()["verdict"]["level"] == "none"


def test_come_by_after_telling_where_the_writer_works_is_an_invitation() -> None:
    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer(second_opinion=False)])
    v = engine.scan("Ik werk bij de Gamma in Amersfoort, als je korting op verf wil kom vrijdag maar langs")
    assert v.to_dict()["verdict"]["level"] == "personal_data"
    v = engine.scan("Hij werkt bij de Gamma in Amersfoort, kom vrijdag maar langs")
    assert v.to_dict()["verdict"]["level"] == "doxing"
    # someone else's place in the message: a call to visit them
    v = engine.scan("Ik werk bij de Gamma in Amersfoort. Hij woont op de Dorpsstraat 4 in Leusden, kom vrijdag maar langs")
    assert v.to_dict()["verdict"]["level"] == "doxing"


@pytest.mark.parametrize("text,disclosure", [
    ("ik heb een nieuwe insta voor mn taarten! @bakkenmetbo volgen mag", "self"),
    ("volg me op tiktok @dansjes_met_daan", "self"),
    ("ik heb een nieuwe insta. die gast @lisa_22 blijft me volgen", "none"),
    ("@jan jij bent de volgende haha", "none"),
])
def test_the_writers_own_account_is_self_disclosure(text: str, disclosure: str) -> None:
    # "ik heb een nieuwe insta ... @x", "volg me op ... @x": the writer's own account; not where someone else is
    # spoken of between the cue and the handle, nor a handle named in passing
    v = Engine(analyzers=[IA, VA]).scan(text).to_dict()["verdict"]
    assert v["disclosure"] == disclosure
    if disclosure == "self":
        assert v["level"] == "personal_data"


def test_the_writers_ex_is_someone_else() -> None:
    # "mijn ex" names a third person: their data is theirs, not the writer's, even in a self-introduction
    v = Engine(analyzers=[IA, VA]).scan("mijn ex: 0612345678, zoek het zelf maar uit").to_dict()["verdict"]
    phone = next(d for d in v["data"] if d["label"] == Label.PHONE)
    assert phone["disclosure"] == "third_party" and phone["cue"] == "mijn ex"
    v = Engine(analyzers=[IA, VA]).scan("Ik ben Sevda, 27, en bak taarten. Mijn ex @jeroen_88 stalkt me").to_dict()
    handle = next(d for d in v["verdict"]["data"] if d["label"] == Label.SOCIAL_HANDLE)
    assert handle["disclosure"] != "self"
