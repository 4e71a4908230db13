"""Functional tables for threats and hate, written for this project (HateCheck-style functionalities,
own sentences). Each row: text, threat expected, hate expected."""

from __future__ import annotations

import pytest

from doxwacht.intent import IntentAnalyzer

IA = IntentAnalyzer()

# (functionality, text, threat, hate)
CASES: list[tuple[str, str, int, int]] = [
    # derogation: negative emotion
    ("neg_emote", "Ik haat moslims.", 0, 1),
    ("neg_emote", "Homo's doen me walgen.", 0, 1),
    ("neg_emote", "Ik word kotsmisselijk van transgenders.", 0, 1),
    ("neg_emote", "Ik heb een enorme hekel aan immigranten.", 0, 1),
    ("neg_emote", "Vrouwen als jij irriteren me mateloos.", 0, 1),
    # derogation: negative attributes
    ("neg_attr", "Zwarte mensen zijn gewoon lui.", 0, 1),
    ("neg_attr", "Moslims zijn allemaal leugenaars.", 0, 1),
    ("neg_attr", "Transgenders zijn gestoord.", 0, 1),
    ("neg_attr", "Immigranten zijn smerig en onbeschaafd.", 0, 1),
    ("neg_attr", "Een vrouw is altijd onbetrouwbaar.", 0, 1),
    # dehumanisation
    ("dehum", "Asielzoekers zijn ratten.", 0, 1),
    ("dehum", "Moslims zijn beesten.", 0, 1),
    ("dehum", "Gehandicapten zijn een last voor de maatschappij.", 0, 1),
    ("dehum", "Homoseksuelen zijn het uitschot van de samenleving.", 0, 1),
    # implicit derogation
    ("implicit", "Vrouwen horen achter het aanrecht.", 0, 1),
    ("implicit", "Ik ga nog liever dood dan naast een moslim te wonen.", 0, 1),
    ("implicit", "Migranten horen hier niet, stuur ze terug naar hun eigen land.", 0, 1),
    ("implicit", "Gehandicapten horen in een kooi.", 0, 1),
    # direct threats
    ("threat_dir", "Ik ga elke moslim die ik tegenkom neersteken.", 1, 1),
    ("threat_dir", "Ik schiet die immigranten allemaal overhoop.", 1, 1),
    ("threat_dir", "We gaan jullie homo's in elkaar slaan.", 1, 1),
    ("threat_dir", "Ik wurg die transgender met mijn blote handen.", 1, 1),
    ("threat_dir", "Ik ga die buurman van mij in elkaar slaan.", 1, 0),
    ("threat_dir", "Ik maak je dood, vieze rat.", 1, 0),
    # normative threats
    ("threat_norm", "Alle asielzoekers zouden opgehangen moeten worden.", 1, 1),
    ("threat_norm", "Homo's verdienen de kogel.", 1, 1),
    ("threat_norm", "Elke transgender moet worden afgeschoten.", 1, 1),
    ("threat_norm", "Die wethouder verdient een kogel.", 1, 0),
    # slurs and profanity towards groups
    ("slur", "Vuile flikker.", 0, 1),
    ("slur", "Rot op, kutmarokkaan.", 0, 1),
    ("slur", "Hé zwartjoekel, wat moet je hier?", 0, 1),
    ("profanity_h", "Moslims zijn klootzakken.", 0, 1),
    ("profanity_h", "Die homo's zijn echt kankerlijers.", 0, 1),
    # negated positive
    ("negate_pos", "Er is in dit land geen plek voor moslims.", 0, 1),
    ("negate_pos", "Vrouwen zijn nooit zo slim als mannen.", 0, 1),
    # questions and opinions
    ("question", "Waarom schieten we die immigranten niet gewoon af?", 1, 1),
    ("opinion", "Ik vind dat alle homo's opgehangen moeten worden.", 1, 1),
    # must stay quiet: negation
    ("negate_neg", "Ik heb niets tegen moslims.", 0, 0),
    ("negate_neg", "Homo's zijn geen zieke mensen.", 0, 0),
    ("negate_neg", "Ik zal nooit een vluchteling slaan.", 0, 0),
    ("negate_neg", "Ik zou hem nooit pijn doen.", 0, 0),
    ("negate_neg", "Vrouwen zijn niet dom.", 0, 0),
    # must stay quiet: quotes and reports
    ("quote", "Hij werd bedreigd met 'ik maak je dood'.", 0, 0),
    ("quote", "Mijn collega riep \"vuile flikker\" naar me en ik heb het gemeld.", 0, 0),
    ("quote", "'Alle moslims zijn ratten' is een walgelijke uitspraak.", 0, 0),
    ("report", "De man dreigde de burgemeester te vermoorden, aldus de politie.", 0, 0),
    ("report", "Hij zei dat hij haar zou neersteken.", 0, 0),
    # must stay quiet: counter-speech
    ("counter", "Mensen die zeggen dat homo's ziek zijn, moeten zich schamen.", 0, 0),
    ("counter", "Het is racistisch om vluchtelingen ratten te noemen.", 0, 0),
    ("counter", "Het woord kutmarokkaan is gewoon een scheldwoord, zeg dat niet.", 0, 0),
    ("counter", "Ik haat het als mensen vrouwen slecht behandelen.", 0, 0),
    # stop 25: what a feeling or judgement is about, what someone calls a group, who said it, a denial with an adverb
    ("counter", "Ik haat het dat doven nog steeds zo vaak worden overgeslagen bij sollicitaties.", 0, 0),
    ("counter", "Ik word echt ziek van mannen die zo over lesbiennes praten.", 0, 0),
    ("counter", "Walgelijk hoeveel haat er onder dat filmpje naar moslima's wordt gestuurd.", 0, 0),
    ("counter", "Het zegt genoeg over die trollen dat asielzoekers hier voor kakkerlakken worden uitgemaakt.", 0, 0),
    ("counter", "Een collega schreeuwde vanochtend dat alle transgenders opgehangen moeten worden, ik heb het gemeld.", 0, 0),
    ("negate_neg", "Nee hoor, ik vind absoluut niet dat gehandicapten minder rechten zouden moeten hebben.", 0, 0),
    ("derog", "Ik walg gewoon van die zwarten in mijn straat.", 0, 1),
    ("derog", "Moslims zijn walgelijk, hoe ze zich hier gedragen.", 0, 1),
    # a group word or a verb split by a space
    ("spell_space_add", "Ik steek die mos lims morgen allemaal neer.", 1, 1),
    ("spell_space_add", "Wij gaan die zwar ten allemaal af maken.", 1, 1),
    # must stay quiet: objects, games, hyperbole, swearing
    ("object", "Ik ga die spin doodslaan.", 0, 0),
    ("object", "Ik maak die taart helemaal af.", 0, 0),
    ("object", "Deze printer moet dood.", 0, 0),
    ("object", "Laten we die oude schuur afbranden.", 0, 0),
    ("game", "Ik schiet je neer in Fortnite vanavond.", 0, 0),
    ("game", "Ik maak je kapot met FIFA, let maar op.", 0, 0),
    # a slur reported, not used: what someone was called
    ("mention", "Hij werd uitgescholden voor vuile homo en in elkaar geslagen", 0, 0),
    ("mention", "ze noemde me een slet in de klassengroep. ik ben er echt kapot van", 0, 0),
    ("mention", "hij werd voor kankerhomo uitgemaakt op het schoolplein", 0, 0),
    ("slur", "jij bent een vuile homo", 0, 1),
    # the writer did the calling, or stands by it: used, not mentioned
    ("slur", "ik noemde hem kankerhomo en dat is hij", 0, 1),
    ("slur", "noemde je nou kankerhomo? ja want dat ben je", 0, 1),
    ("mention", "ik snap niet dat mensen die meiden nog slet noemen, het zijn slachtoffers", 0, 0),
    # bare threats, and the violent verb last after "dat"
    ("bare", "Ik vermoord je.", 1, 0),
    ("bare", "ik steek je neer", 1, 0),
    ("verb_last", "ik zweer dat ik je vermoord", 1, 0),
    ("verb_last", "ik beloof je dat ik hem in elkaar sla als hij terugkomt", 1, 0),
    # off the field a game's words are no excuse (after the match, the referee); a video game named still is
    ("off_field", "als ik die scheids vind na de wedstrijd slaan we hem verrot", 1, 0),
    ("off_field", "als ik die scheids vind na de Champions League wedstrijd slaan we hem verrot", 1, 0),
    ("off_field", "ik geef die scheidsrechter na de wedstrijd een mes in zijn buik", 1, 0),
    ("game", "ik maak je af in FIFA na de training, let maar op", 0, 0),
    ("swearing", "Kut, ik ben mijn sleutels weer kwijt.", 0, 0),
    ("swearing", "Wat een kankerweer vandaag.", 0, 0),
    ("swearing", "Godverdomme, die trein is weer te laat.", 0, 0),
    # must stay quiet: identity, neutral and positive
    ("ident", "Mijn buurvrouw is moslim.", 0, 0),
    ("ident", "Er wonen veel Marokkanen in deze wijk.", 0, 0),
    ("ident", "Ik hou van homo's.", 0, 0),
    ("ident", "Immigranten maken ons land mooier.", 0, 0),
    ("ident", "Transgenders hebben het recht om te trouwen.", 0, 0),
    # non-protected groups: not hate
    ("group_nh", "Ik haat bankiers.", 0, 0),
    ("group_nh", "Vastgoedhandelaren zijn parasieten.", 0, 0),
    # reclaimed and homonyms
    ("reclaimed", "Wij flikkers laten ons niet wegjagen.", 0, 0),
    ("reclaimed", "Ik ben een trotse pot.", 0, 0),
    ("homonym", "Ik heb een pot pindakaas gekocht.", 0, 0),
    # obfuscation
    ("obfuscated", "Ik haat m0slims.", 0, 1),
    ("obfuscated", "Je bent een vuile f l i k k e r.", 0, 1),
    ("obfuscated", "Die k*nkermarokkanen moeten oprotten.", 0, 1),
    ("obfuscated", "Ik ga je vermoordn.", 1, 0),
    ("obfuscated", "ik ga je gewoonvermoorden", 1, 0),
]


# a second table, written after the first was passing, to check that rules generalise
CASES += [("batch2", t, th, ha) for t, th, ha in [
("Ik heb een diepe afkeer van joden.",0,1),
("Ik minacht vluchtelingen.",0,1),
("Niets irriteert me meer dan lesbiennes.",0,1),
("Ik walg van al die gehandicapten hier in de buurt.",0,1),
("Moslims vind ik echt walgelijk.",0,1),
("Vrouwen zijn zo ontzettend lelijk.",0,1),
("Homo's zijn waardeloze mensen.",0,1),
("Immigranten zijn echte idioten.",0,1),
("Typisch iets voor een moslim om zo dom te zijn.",0,1),
("Transgenders zijn niets meer dan vuilnis.",0,1),
("Zwarte mensen zijn als ongedierte.",0,1),
("Zwermen immigranten overspoelen ons land.",0,1),
("Gehandicapten zijn een verspilling van belastinggeld.",0,1),
("Moslims zijn de kanker van Europa.",0,1),
("Homo's horen in de dierentuin.",0,1),
("Ik wil geen vluchtelingen in mijn buurt hebben.",0,1),
("Er zijn veel te veel moslims in dit land.",0,1),
("Ik schiet de volgende moslim die ik zie neer.",1,1),
("Ik ga alle homo's afslachten.",1,1),
("Ik zorg ervoor dat jullie vrouwen gaan lijden.",1,1),
("Ik kan niet wachten tot die immigranten dood zijn.",1,1),
("Laten we die transgenders doden.",1,1),
("Vluchtelingen moeten allemaal doodgeschoten worden.",1,1),
("Joden verdienen het om te sterven.",1,1),
("Iemand zou die moslims eens moeten afmaken.",1,1),
("Het doden van homo's zou legaal moeten zijn.",1,1),
("Ik ga je neersteken als je nog één keer langskomt.",1,0),
("Zet hem tegen de muur.",1,0),
("We weten waar je kinderen naar school gaan.",1,0),
("Ik ga je opzoeken en dan ben je er geweest.",1,0),
("Straks ligt er een kogel in je brievenbus.",1,0),
("Ik zou die agent graag eens een kopje kleiner maken.",1,0),
("Zij kan het niet helpen dat ze gehandicapt is.",0,0),
("Ik sta achter alle vluchtelingen.",0,0),
("Moslims zijn net zo goed mensen als wij.",0,0),
("Vrouwen zijn sterk en slim.",0,0),
("Mijn zus is lesbisch en daar ben ik trots op.",0,0),
("Er is niets mis met transgenders.",0,0),
("Dat je homo's 'ziek' noemt, zegt meer over jou.",0,0),
("Ik kreeg een bericht: 'we weten waar je woont'.",0,0),
("De rechter veroordeelde hem voor het bedreigen van een agent.",0,0),
("Volgens de politie dreigde de verdachte het huis in brand te steken.",0,0),
("Hij zou de agent hebben geslagen, meldt de krant.",0,0),
("Dit spel is moordend, ik vermoord iedereen in mijn team.",0,0),
("Ik ga die deadline afmaken vandaag.",0,0),
("Ik maak gehakt van die stapel afwas.",0,0),
("Die mug ga ik doodslaan.",0,0),
("Verdomme, alweer regen.",0,0),
("Mijn fiets is kapot, shit.",0,0),
("We moeten opkomen voor moslims die worden gediscrimineerd.",0,0),
("Niemand verdient het om voor flikker uitgescholden te worden.",0,0),
("Ik zal nooit toestaan dat iemand een vluchteling iets aandoet.",0,0),
]]

# a third table (fourteenth session): negations that belong to a condition, to a later clause or to a time, the
# chat's own messages, bare stabbing and hitting, and some fixed phrases
CASES += [("batch3", t, th, ha) for t, th, ha in [
("Als je dat bericht van mij niet verwijdert kom ik je vermoorden.",1,0),
("Als je dat geld niet terugbetaalt dan kom ik je afmaken.",1,0),
("Als ik je morgen zie ga ik je niet slaan hoor.",0,0),
("We komen je halen, niet vandaag maar wel snel.",1,0),
("Ik ga je niet direct vermoorden hoor, ik meen het niet.",0,0),
("Ik ga je niet vandaag vermoorden en ook niet morgen.",0,0),
("Ik ga je pakken, niet echt natuurlijk.",0,0),
("Ik ga je vinden, nee toch niet.",0,0),
("Ik ga je vinden, niemand kan je dan nog helpen.",1,0),
("Stop met die berichten over mijn zus of ik kom je wurgen.",1,0),
("Ik steek je als je nog één keer aan mijn fiets zit.",1,0),
("Ik steek je aan, ik ben verkouden.",0,0),
("Ik sla je over in de planning.",0,0),
("k ga je kapotmaken",1,0),
("Er staat een prijs op jouw hoofd.",1,0),
("Ik vind je altijd.",1,0),
("Geen zorgen, ik vind je wel bij de ingang.",0,0),
("Ik vind je wel leuk eigenlijk.",0,0),
("Die wouten gaan bloeden.",1,0),
("Mijn neus gaat bloeden van die droge lucht.",0,0),
("Alle moslims in Nederland moeten verbannen worden.",0,1),
("Ik ga zijn knieschijven breken.",1,0),
]] + [
    # stop 23, after a blind HateCheck-style set (own sentences, not the set's): violence called fine or wished on a
    # group, trouble that comes with a group, a pronoun across sentences, an opinion clause, spelling
    ("threat_norm", "Klappen tegen asielzoekers zijn gewoon verdiend.", 1, 1),
    ("threat_norm", "Het is toegestaan om homo's op te hangen.", 1, 1),
    ("threat_norm", "Transgenders afmaken is de enige oplossing.", 1, 1),
    ("threat_dir", "Ik wil al die vluchtelingen dood zien.", 1, 1),
    ("threat_dir", "Iedere moslim die ik tegenkom krijgt een dreun.", 1, 1),
    ("derog_impl", "Neem nooit vrouwen aan, dan haal je problemen in huis.", 0, 1),
    ("derog_impl", "Je kunt gehandicapten niks toevertrouwen.", 0, 1),
    ("profanity_h", "Tyfus toch op met die homo's.", 0, 1),
    ("ref_subs_sent", "Vluchtelingen? Die zijn echt walgelijk.", 0, 1),
    ("phrase_opinion", "Ik vind echt dat moslims een bedreiging zijn.", 0, 1),
    ("negate_pos", "Trans personen hebben nooit iets nuttigs bijgedragen.", 0, 1),
    ("spell_swap", "ik haaaat vrouwen", 0, 1),
    ("spell_space_del", "ikhaatalletransgenders", 0, 1),
    ("spell_space_del", "doodaanallehomo's!", 1, 1),
    ("threat_dir", "Ik zweer het, de eerste asielzoeker die ik hier zie schop ik in elkaar.", 1, 1),
    ("threat_dir", "We zullen die moslims hier wegjagen, desnoods met geweld.", 1, 1),
    ("threat_dir", "Vannacht gaat er een molotovcocktail naar binnen bij die homo's.", 1, 1),
    ("threat_norm", "Die trans personen verdienen het om in elkaar geslagen te worden.", 1, 1),
    ("threat_norm", "Die aanslagen op moslims waren verdiend als je het mij vraagt.", 1, 1),
    ("threat_norm", "Afmaken, al die zwarten.", 1, 1),
    ("dehum", "Het zijn ratten, die immigranten.", 0, 1),
    ("neg_emote", "Ik krijg kotsneigingen van homo's.", 0, 1),
    ("neg_emote", "Niemand haat ik zo erg als moslims.", 0, 1),
    ("ref_subs_sent", "Ken je die nieuwe buren, die vluchtelingen? Het zijn profiteurs.", 0, 1),
    ("profanity_h", "Moslims kunnen de tering krijgen.", 0, 1),
    ("spell_leet", "d00d 44n 4ll3 h0m0's", 1, 1),
    ("spell_space_del", "allehomosmoetenkapotgeslagenworden", 1, 1),
    # and what must stay quiet around them
    ("negate_neg", "Geweld tegen homo's is nooit terecht.", 0, 0),
    ("counter_quote", "'Alle moslims moeten dood' schreeuwen is walgelijk en strafbaar.", 0, 0),
    ("ident_neutral", "Een bom aan bloemen voor mijn buurvrouw, ze is net getrouwd met een vrouw.", 0, 0),
    ("ident_neutral", "Vrouwen verdienen het om gehoord te worden.", 0, 0),
    ("negate_neg", "Het is niet oké om vluchtelingen te slaan.", 0, 0),
    ("ident_neutral", "Mijn nieuwe collega is gehandicapt.", 0, 0),
    ("ident_neutral", "Mijn zus is een autist en ze is geweldig.", 0, 0),
    ("ident_neutral", "Vluchtelingen? Die hebben het zwaar gehad.", 0, 0),
    ("counter_ref", "Iedereen die roept dat moslims criminelen zijn, liegt.", 0, 0),
    ("target_obj", "Als je zonder licht fietst vraag je om problemen.", 0, 0),
    ("target_obj", "Het is prima om die oude kast af te breken.", 0, 0),
    # third and fourth blind rounds: chat spelling, pronouns, insinuation, violence allowed or overdue
    ("spell_char_del", "ik hat transgenders echt", 0, 1),
    ("spell_char_swap", "Mosilms zijn ongedierte.", 0, 1),
    ("spell_chat", "homo's zijn gwn walgelijk", 0, 1),
    ("spell_space_del", "ikga aldie moslims afmaken", 1, 1),
    ("spell_leet", "ik g@ al die vluchtelingen afmaken", 1, 1),
    ("threat_norm", "laat die vluchtelingen maar verzuipen op zee", 1, 1),
    ("threat_norm", "van mij mogen ze alle homo's in elkaar slaan", 1, 1),
    ("threat_norm", "die relschoppers moeten gewoon een flink pak slaag krijgen", 1, 0),
    ("threat_dir", "wacht maar tot we ze een voor een komen halen, die moslims", 1, 1),
    ("threat_dir", "ik rij met de auto dwars door die demonstranten heen", 1, 0),
    ("threat_norm", "Wanneer worden die transgenders nou eindelijk opgehangen?", 1, 1),
    ("derog_impl", "elke keer als er iets gestolen wordt is er een vluchteling in de buurt. zegt genoeg", 0, 1),
    ("derog_impl", "sinds er zoveel moslims in de straat wonen voel ik me niet meer veilig", 0, 1),
    ("dehum", "zijn trans personen eigenlijk wel echte mensen?", 0, 1),
    ("dehum", "Vluchtelingen komen hier alles halen. Kunnen die parasieten niet gewoon oprotten?", 0, 1),
    ("phrase_question", "hoe lang moeten we dat tuig van moslims nog tolereren", 0, 1),
    ("negate_pos", "er is echt niks goeds aan homo's", 0, 1),
    ("negate_pos", "ik heb geen greintje respect voor moslims", 0, 1),
    ("phrase_opinion", "ik vind dat vrouwen niet zouden mogen stemmen", 0, 1),
    ("profanity_h", "kanker moslims overal tegenwoordig", 0, 1),
    ("negate_neg", "het is niet zo dat moslims minder waard zijn", 0, 0),
    ("counter_ref", "wie denkt dat geweld tegen homo's oké is, heeft een probleem", 0, 0),
    ("counter_ref", "we moeten racisme tegen moslims niet langer tolereren", 0, 0),
    ("ident_pos", "respect voor alle vrouwen die ondanks al die haat gewoon doorgaan", 0, 0),
    ("ident_neutral", "kanker bij vrouwen wordt vaak te laat ontdekt", 0, 0),
    ("ident_neutral", "sinds de aanslag op moslims durven velen niet meer naar de moskee", 0, 0),
    ("ident_neutral", "Europa laat vluchtelingen verdrinken op zee, schandalig", 0, 0),
    ("target_obj", "de messen liggen al klaar voor het diner", 0, 0),
    ("negate_neg", "ik vind niet dat moslims hier niet thuishoren, ik wil alleen dezelfde regels voor iedereen", 0, 0),
    ("negate_neg", "ik heb nooit gezegd dat vrouwen minder waard zijn", 0, 0),
    ("phrase_question", "is het zo moeilijk te snappen dat transgenders hier niet thuishoren?", 0, 1),
    ("derog_impl", "ik zeg niks, maar sinds er moslims in de straat wonen zet iedereen zijn fiets op slot", 0, 1),
    ("derog_dehum", "dit is een vloedgolf van vluchtelingen en wij verzuipen erin", 0, 1),
    ("threat_dir", "steeds meer homo's in de stad, die ik het liefst allemaal zou afknallen", 1, 1),
]


def _pred(text: str) -> tuple[int, int]:
    hits = [h for h in IA.analyze_text(text) if h.score >= 0.5]
    return (int(any(h.category in ("THREAT", "INCITEMENT") for h in hits)),
            int(any(h.category == "HATE" for h in hits)))


@pytest.mark.parametrize("func,text,threat,hate", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_functional(func: str, text: str, threat: int, hate: int) -> None:
    assert _pred(text) == (threat, hate), IA.explain(text)


@pytest.mark.parametrize(("text", "game"), [
    ("wacht maar tot je 18 bent, dan mag ik je in elkaar trappen lol", False),  # "lol" laughs; it names no game
    ("ik sla je verrot in de wedstrijd van zondag", True),
    ("ik sla je verrot na de wedstrijd van zondag", False),  # off the field
    ("ik sla je verrot in FIFA na de wedstrijd", True),  # a video game named: play
])
def test_what_makes_a_game(text: str, game: bool) -> None:
    from doxwacht.document import Document

    hits = IA.analyze(Document(text))
    assert ("guard.game" in hits.guarded) is game


def test_every_threat_of_the_tables_is_hostile_in_the_verdict() -> None:
    """The tables above check the rules; the verdict may still overrule them with the learned second opinion. It
    must not for any threat here ('ik vermoord je' was once overruled: the model had learnt the word from banter)."""
    from doxwacht.pipeline.engine import Engine
    from doxwacht.verdict import VerdictAnalyzer

    engine = Engine(analyzers=[IntentAnalyzer(), VerdictAnalyzer()])
    quiet = [t for _, t, threat, _ in CASES if threat
             and engine.scan(t).to_dict()["verdict"]["level"] not in ("hostile", "doxing")]
    assert quiet == []


def test_off_the_field_in_a_long_message() -> None:
    from doxwacht.document import Document

    text = "Wat een dag was het weer. " * 16 + "als ik die scheids vind na de wedstrijd van zondag slaan we hem verrot"
    assert len(text) > 400  # (a long message: the game guard looks at the sentences around the hit)
    hits = IA.analyze(Document(text))
    assert "guard.game" not in hits.guarded and any(h.category == "THREAT" for h in hits)
