"""Dutch lexicons for intent analysis: declarative data, validated and indexed by `doxwacht.intent.tagger`.

Every entry is written in the folded form the tagger compares with: lower case, diacritics removed
("ruïneren" -> "ruineren"), apostrophes as "'". Multi-word entries are sequences of folded words
separated by single spaces; the tagger gives their class to every word of the sequence.

The lexicons are the project's own word lists, built from general knowledge of Dutch (slang and slurs
included, because the analyser has to recognise them); no sentence of any evaluation set is copied here.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------------
# Word classes: class name -> (description, terms)
# --------------------------------------------------------------------------------------------------

CLASSES: dict[str, tuple[str, tuple[str, ...]]] = {
    # ---- function words ----------------------------------------------------------------------
    "P1": ("first person subject", ("ik", "'k", "k", "ikke", "we", "wij")),
    "P1O": ("first person object", ("me", "mij", "mezelf", "mijzelf", "ons", "onszelf")),
    "P2": (
        "second person (addressee)",
        ("je", "jij", "jou", "u", "jullie", "jezelf", "jouzelf", "ju", "jy", "jiij"),
    ),
    "P3": (
        "third person pronoun that can refer to a person",
        ("hem", "haar", "hen", "hun", "ze", "zij", "hij", "'m", "em", "m'n", "d'r", "der", "diegene", "degene"),
    ),
    "POSS": (
        "possessive determiner",
        ("je", "jouw", "jullie", "zijn", "z'n", "haar", "d'r", "hun", "uw", "der", "zn", "jou"),
    ),
    "DEM": ("demonstrative or article", ("die", "deze", "dat", "dit", "de", "het", "een", "'n", "zo'n", "zulke", "zulk")),
    "ALL": ("quantifier over a group", ("alle", "allemaal", "al", "elke", "iedere", "ieder", "elk", "alles", "meeste")),
    "NEG": (
        "negator",
        ("niet", "nooit", "geen", "niets", "niks", "nimmer", "geenszins", "allerminst", "niemand", "nergens",
         "nooit meer", "absoluut niet"),
    ),
    "SUBORD": (
        "clause boundary word (subordinator or coordinator that starts a new clause)",
        ("dat", "omdat", "want", "maar", "terwijl", "zodat", "tenzij", "hoewel", "doordat", "nadat", "voordat",
         "zodra", "wanneer", "als", "indien", "dus", "en dan", "of"),
    ),
    "LAUGH": (
        "laughter or irony marker",
        ("haha", "hahaha", "hahahaha", "hihi", "lol", "lmao", "xd", "jk", "grapje", "geintje", "grap", "knipoog",
         "hehe", "lolz"),
    ),
    # ---- people -------------------------------------------------------------------------------
    "PERSON": (
        "generic noun for a person or people",
        ("mensen", "mens", "personen", "persoon", "man", "mannen", "jongen", "jongens", "kind", "kinderen",
         "gast", "gasten", "vent", "venten", "kerel", "kerels", "gozer", "gozers", "type", "types", "figuur",
         "figuren", "individu", "individuen", "burger", "burgers", "iemand", "iedereen", "buurman", "buurvrouw",
         "buren", "collega", "collega's", "baas", "moeder", "vader", "broer", "zus", "zuster", "dochter", "zoon",
         "vriend", "vriendin", "vrienden", "ex", "jongere", "jongeren", "tiener", "tieners", "bitch", "chick",
         "mokkel", "griet", "wijf", "wijven", "mevrouw", "meneer", "heer", "dame", "dames", "gek", "gekken",
         "scheids", "bankdirecteur", "bankier", "bankiers", "wielrenner", "fietser", "klimaatklever", "klimaatactivist",
         "klimaatactivisten", "ggd'er", "ggd'ers", "huisjesmelker", "hooligan", "hooligans",
         "klant", "klanten", "student", "studenten", "leerling", "leerlingen", "leraar", "leraren", "lerares",
         "juf", "meester", "dokter", "arts", "artsen", "patient", "patienten", "mensje", "familie", "gezin",
         "volk", "zwerver", "zwervers", "hoerenloper", "bende", "stelletje", "bewoner", "bewoners", "eigenaar",
         "eigenaren", "huurder", "huurders", "verhuurder", "verhuurders", "directeur", "manager", "managers",
         "racist", "racisten", "fascist", "fascisten", "nazi", "nazi's", "linksen",
         "academici", "politici", "elite", "elites", "kapitalisten", "communisten", "boeren", "boer", "jood",
         "pedo", "pedo's", "pedofiel", "pedofielen", "verkrachter", "verkrachters", "crimineel", "criminelen",
         "dader", "daders", "slachtoffer", "slachtoffers", "zoontje", "dochtertje", "kindje", "kinderen",
         "meisje", "meisjes", "meid", "meiden", "vrouw", "vrouwen", "vrouwtje", "mannetje", "ventje",
         "neef", "nicht", "oom", "tante", "opa", "oma", "partner", "vriendje", "vriendinnetje",
         "CEO", "ceo", "ceo's", "verpleegster", "verpleger", "verpleegkundige", "huisarts", "advocaat",
         "docent", "docente", "conducteur", "trainer", "coach", "scheidsrechter", "portier", "beveiliger",
         "uitsmijter", "huisbaas", "makelaar", "bezorger", "influencer", "youtuber", "streamer", "rapper",
         "zanger", "zangeres", "presentator", "presentatrice", "buurjongen", "buurmeisje", "exvriend",
         "exvriendin"),
    ),
    "BODY": (
        "body part (with a possessive it refers to a person)",
        ("keel", "kelen", "strot", "nek", "nekken", "kop", "koppen", "hoofd", "hoofden", "harses", "hersens",
         "benen", "been", "knieen", "knie", "botten", "kaak", "neus", "tanden", "gezicht", "gezichten", "smoel",
         "bek", "hart", "ogen", "oog", "vingers", "handen", "arm", "armen", "ribben", "schedel", "ballen", "lijf",
         "lichaam", "kut", "hals", "polsen", "buik", "rug", "tenen", "knieschijven"),
    ),
    "HOME": (
        "home, car or family of a person (target of threats and visits)",
        ("huis", "woning", "deur", "voordeur", "raam", "ramen", "ruit", "ruiten", "auto", "wagen", "brievenbus",
         "tuin", "kinderen", "kids", "gezin", "familie", "vrouw", "man", "dochter", "zoon", "moeder", "vader",
         "adres", "stoep", "werk", "school", "kantoor", "busje", "bus", "bestelbus", "scooter", "motor", "caravan",
         "schuur", "garage", "zaak", "winkel", "huisje", "autootje", "fietsje", "vriendin", "vriend", "zus", "zusje",
         "broer", "broertje", "ouders", "opa", "oma", "zoontje", "dochtertje", "kinderen", "gezin", "kapsalon"),
    ),
    # ---- violence -----------------------------------------------------------------------------
    "VPARTICLE": (
        "particle or resultative that completes a violent verb ('ik schiet je neer')",
        ("een kopje kleiner", "de nek om", "dood", "neer", "af", "kapot", "koud", "overhoop", "lek", "verrot", "lens", "in elkaar", "in mekaar",
         "bont en blauw", "in brand", "in de fik", "de kop in", "de hersens in", "de schedel in", "tot moes",
         "aan flarden", "aan gort", "knock-out", "knock out", "ko", "het ziekenhuis in", "in het ziekenhuis",
         "in coma", "invalide", "kreupel", "plat", "omver", "in mootjes", "in stukken"),
    ),
    "VBODY": (
        "verb acting on a body part ('je keel doorsnijden', 'je benen breken')",
        ("doorsnijden", "doorsnijd", "doorsnijdt", "door te snijden", "snij", "snijd", "door", "breken", "breek",
         "breekt", "te breken", "inslaan", "in te slaan", "sla", "slaan", "insla", "uitslaan", "uit te slaan",
         "afhakken", "af te hakken", "afsnijden", "af te snijden", "hak", "eraf", "kapotslaan", "kapot te slaan",
         "kapotmaken", "schieten", "jagen", "knallen", "afgesneden", "doorgesneden", "gebroken", "ingeslagen",
         "uitgestoken", "uitsteken", "uit te steken", "trappen", "schoppen", "steken", "rammen", "pompen",
         "afbijten", "verbrijzelen", "verbrijzel", "ingetrapt", "intrappen", "in te trappen", "kogel", "kogels",
         "lood"),
    ),
    "VNOUN": (
        "noun naming deadly violence ('executie is de oplossing', 'verdient een kogel')",
        ("executie", "executies", "kogel", "kogels", "strop", "galg", "doodstraf", "vergassing", "gaskamer",
         "gaskamers", "genocide", "uitroeiing", "zuivering", "etnische zuivering", "massagraf", "lynchpartij",
         "nekschot", "nekschoten", "kopschot", "dood", "de kogel", "vuurpeloton", "elektrische stoel",
         "brandstapel", "guillotine", "pogrom", "holocaust", "endlosung", "eindoplossing", "kogelregen",
         "bom", "bommen", "pak slaag", "afranseling", "pak rammel", "gebroken nek", "gebroken benen"),
    ),
    "MODAL_FUT": (
        "first-person future or volition auxiliary",
        ("ga", "gaan", "zal", "zullen", "wil", "willen", "zou", "zouden", "moet", "moeten", "kom", "komen",
         "gaat", "ben van plan", "zijn van plan", "kan", "kunnen", "mag", "mogen", "wou", "wilde", "gonna"),
    ),
    "INTEND": (
        "verb of intention followed by 'om ... te'",
        ("overweeg", "overwegen", "denk erover", "denken erover", "heb zin", "hebben zin", "heb er zin in",
         "probeer", "proberen", "droom ervan", "kan niet wachten", "kunnen niet wachten", "ben van plan",
         "zijn van plan", "ben vastbesloten", "zweer", "beloof", "ga proberen"),
    ),
    "MODAL_NORM": (
        "normative modal ('moeten worden gedood')",
        ("moet", "moeten", "zou", "zouden", "mag", "mogen", "hoort", "horen", "dient", "dienen", "kan",
         "kunnen", "verdient", "verdienen", "moest", "moesten"),
    ),
    "LEGALISE": (
        "making violence acceptable ('moet worden gedecriminaliseerd')",
        ("gedecriminaliseerd", "decriminaliseren", "gelegaliseerd", "legaliseren", "legaal", "toegestaan",
         "beloond", "belonen", "aangemoedigd", "aanmoedigen", "verplicht", "gesubsidieerd", "een sport",
         "volkssport", "een plicht", "een goede daad", "goed werk", "heldendaad", "moet kunnen"),
    ),
    # ---- hate ---------------------------------------------------------------------------------
    "DEHUM": (
        "dehumanising noun or phrase (strong: co-occurrence with a group is enough)",
        ("ongedierte", "ongediertes", "parasieten", "parasiet", "plaag", "plagen", "uitschot", "tuig", "schorem",
         "gespuis", "kakkerlakken", "onmensen", "ondermensen", "untermenschen", "untermensch", "uitvaagsel",
         "verspilling van ruimte", "verspilling van zuurstof", "zonde van de zuurstof", "zonde van de lucht", "verspilling van lucht", "zuurstofdieven",
         "niets anders dan", "niks anders dan", "niets meer dan", "niks meer dan", "niet meer dan",
         "een verspilling", "geen mensen", "geen echte mensen", "niet menselijk",
         "half mens", "halve apen", "beestachtig", "menselijk afval", "menselijk uitschot", "kankergezwel",
         "gedrochten", "gedrocht", "misbaksels", "misbaksel", "tweederangs", "mislukte mensen",
         "sprinkhanenplaag", "vreten als", "fokken als konijnen", "fokken als beesten", "pestilentie",
         "vieze beesten", "smerige beesten", "ondier", "ondieren", "onderras", "als normale mensen", "dan normale mensen",
         "het laagste van het laagste"),
    ),
    "DEHUM_WEAK": (
        "noun that dehumanises only when predicated of a group ('zijn net apen')",
        ("afval", "vuilnis", "ratten", "rat", "kakkerlak", "luizen", "vlooien", "maden", "made", "wormen",
         "beesten", "beest", "dieren", "dier", "apen", "aap", "varkens", "zwijnen", "honden", "vee", "wezens",
         "bacterien", "bacterie", "virus", "gezwel", "tumor", "pest", "onkruid", "stront", "drek", "mest",
         "barbaren", "wilden", "primitieven", "sprinkhanen", "zwerm", "hordes", "horden", "schuim", "ziekte",
         "kanker", "vergif", "gif", "vuil", "smeerlappen", "monsters", "monster", "kuddedieren", "konijnen",
         "wezens", "zielige wezens", "kanker van", "een kanker", "ongewenst", "vreemd ras"),
    ),
    "NEG_ATTR": (
        "derogatory attribute (strong enough to co-occur with a group in one sentence)",
        ("weerzinwekkend", "weerzinwekkende", "walgelijk", "walgelijke", "afschuwelijk", "afstotelijk",
         "afstotelijke", "abject", "verachtelijk", "verachtelijke", "oneerlijk", "oneerlijke", "onbetrouwbaar",
         "onbetrouwbare", "dom", "domme", "dommer", "dommen", "de domme", "luie",
         "achterlijk", "achterlijke", "primitief", "primitieve", "smerig", "smerige", "vies", "vieze",
         "waardeloos", "waardeloze", "nutteloos", "nutteloze", "minderwaardig", "minderwaardige", "inferieur",
         "inferieure", "onbeschaafd", "onbeschaafde", "leugenachtig", "profiteurs",
         "uitvreters", "klaplopers", "hypocriet", "hypocriete", "pervers", "perverse", "perverselingen",
         "gestoord", "gestoorde", "gestoorden", "abnormaal", "abnormale", "onnatuurlijk", "tegennatuurlijk",
         "ziekelijk", "sukkels",
         "mislukkelingen", "criminelen",
         "onintelligent", "hersenloos", "hersenloze", "irritant",
         "onuitstaanbaar", "onuitstaanbare", "afgrijselijk", "verwerpelijk", "laffe",
         "gevaarlijke",
         "dommeriken", "dwazen", "onderontwikkeld", "achterlijken",
         "uitgekotst", "slechte",
         "zwakzinnig", "zwakzinnige", "leeghoofdig", "niets waard", "geestesziek", "geesteszieke",
         "geesteszieken", "freaks", "freak", "ziek in hun hoofd", "ziek in het hoofd", "ziek in de kop",
         "ziek in hun kop",
         "niks waard", "minder waard", "geen knip voor de neus waard", "schandelijk", "ranzig", "ranzige",
         "minder intelligent", "minder slim", "minder capabel", "minder beschaafd", "minder menselijk",
         "minder ontwikkeld", "ranzigste"),
    ),
    "NEG_ATTR_WEAK": (
        "attribute that derogates only when predicated of a group ('X zijn gevaarlijk')",
        ("crimineel", "gewelddadig", "gewelddadige", "agressief", "agressieve", "gevaarlijk", "gevaarlijke", "bedreiging", "gevaar", "last", "probleem", "lelijk", "lelijke", "vals", "valse", "gemeen", "gemene", "slecht", "slechte", "slechter", "zielig", "zielige", "belachelijk", "irritant", "irritante", "laf", "laffe", "ongeschikt", "terroristen", "verkrachters", "pedofielen", "pedo's", "criminelen", "dieven", "leugenaars", "idioten", "sukkels", "stom", "stomme", "lui", "luie", "onwaardig", "incompetent", "incompetente", "onbekwaam", "onbekwame", "klaplopers", "profiteurs", "uitvreters",
         "nutteloos", "nutteloze", "parasitair", "smerig", "smerige", "vies", "vieze"),
    ),
    "POS_ATTR": (
        "positive attribute; negated next to a group it derogates ('kunnen nooit zo slim zijn')",
        ("slim", "slimme", "intelligent", "intelligente", "capabel", "bekwaam", "eerlijk", "eerlijke",
         "betrouwbaar", "te vertrouwen", "gelijkwaardig", "gelijk", "normaal", "normale", "menselijk",
         "waardig", "even goed", "net zo goed", "goed", "welkom", "nuttig", "waard", "volwaardig",
         "volwaardige", "beschaafd", "beschaafde", "gelijke rechten", "respect", "zo goed",
         "verstandig", "competent", "deugen", "deugt", "te redden", "geloofwaardig",
         # "je kunt ze niets toevertrouwen", "hebben nooit iets waardevols bijgedragen"
         "toevertrouwen", "toe te vertrouwen", "waardevol", "waardevols", "nuttigs", "zinnigs", "zinvols",
         "bijgedragen", "bijdragen", "vertrouwen", "gelijkwaardige", "mee vertrouwen"),
    ),
    "NEG_EMOTE": (
        "strong negative emotion about someone",
        ("haat", "haten", "haatte", "verafschuw", "verafschuwen", "walg", "walgen", "walg van", "uitstaan",
         "kotsneigingen", "braakneigingen", "krijg ik kotsneigingen",
         "luchten", "minacht", "minachten", "veracht", "verachten", "maken me ziek", "maakt me ziek",
         "maken mij ziek", "maakt mij ziek", "word ziek van", "word misselijk van", "ziek van", "misselijk van",
         "woedend", "misselijk", "kotsmisselijk", "kots", "kotsen", "kots van", "braken", "koken van woede",
         "kook van woede", "razend", "hekel", "een hekel aan", "gruwel", "gruwelen", "afkeer", "tegenstaan",
         "staan me tegen", "irriteren", "irriteert", "irriteer", "ergeren", "ergert", "erger me",
         "verafschuwt", "walgt", "minacht", "minachten", "haten", "haat", "kots", "spuug", "spugen", "verfoei",
         "verfoeien", "doodziek", "spuugzat", "kotsbeu", "strontziek", "zo pissig als", "pissig op", "uitslag van",
         "krijg uitslag", "jeuk van", "krijg jeuk", "de kriebels van", "kriebels van", "geen zin meer in",
         "kankerzat", "tyfuszat", "teringzat", "strontzat",
         "niet te harden", "niet te pruimen", "niet te luchten", "niet luchten", "niet luchten of zien", "niet zien staan", "niet uitstaan", "kan niet tegen",
         "kunnen niet tegen", "zie ik liever niet", "liever kwijt dan rijk", "hekel aan", "pisnijdig",
         "ziedend", "laten me koken", "maakt me woedend", "maken me woedend", "maken me boos", "maakt me boos",
         "word gek van", "jeuk van", "krijg jeuk van", "krijg de kriebels van", "doen me walgen"),
    ),
    "PROFANE_NOUN": (
        "abusive noun for a person",
        ("klootzak", "klootzakken", "rotzak", "rotzakken", "schoft", "schoften", "teringlijer", "teringlijers",
         "tyfuslijer", "tyfuslijers", "kankerlijer", "kankerlijers", "kutwijf", "kutwijven", "hufter",
         "hufters", "eikel", "eikels", "lul", "lullen", "klojo", "klojo's", "sukkel", "sukkels", "idioot",
         "idioten", "vuilak", "vuilakken", "smeerlap", "smeerlappen", "aso", "asociaal", "asocialen", "trut",
         "trutten", "kreng", "krengen", "loser", "losers", "etterbak", "etterbakken", "etter", "etters",
         "engerd", "engerds", "viezerik", "viezeriken", "zakkenwasser", "zakkenwassers", "kontlikker",
         "kankerhond", "tyfushond", "teringhond", "hoerenzoon", "hoerenzonen", "hoerenjong", "hoerenjongen",
         "kutkind", "kutjong", "stuk stront", "stuk vreten", "stuk ongeluk", "stuk vuil", "landverrader",
         "landverraders", "volksverrader", "volksverraders", "verrader", "verraders", "lafaard", "lafaards",
         "klaploper", "uitvreter", "kakkerlak", "rat", "varken", "zwijn", "schorem", "tuig", "uitschot",
         "oetlul", "oelewapper", "randdebiel", "randdebielen", "mongolen", "debielen",
         "kutmongool", "kankermongool", "dombo", "nitwit", "flapdrol", "kloothommel",
         "lulhannes", "bitch", "bitches", "kutding", "kankerding", "rotwijf", "rotwijven", "teef", "slet",
         "hoer", "loeder", "mafkees", "gladjanus", "psychopaat", "malloot", "schijterd", "kutlul",
         "ettertje", "rotjoch", "rotkind", "teringjoch", "kankerjoch", "mongool", "debiel", "clown",
         "zak stront", "varkenskop", "varkenskoppen", "jankerd", "jankerds", "tyfusgezicht", "kankergezicht",
         "kutgezicht", "zakkenvuller", "zakkenvullers", "kankerlijder", "teringlijder", "vetzak", "vetzakken",
         "misbaksel", "misbaksels", "lelijkerd", "lelijkerds", "zielepoot", "zielepoten", "lomperik", "prutser",
         "prutsers", "nietsnut", "nietsnutten", "sloerie", "sloeries", "snol", "snollen", "roddelhoer"),
    ),
    "PROFANITY": (
        "swear word used as interjection or intensifier",
        ("kut", "kanker", "tering", "tyfus", "godverdomme", "verdomme", "godver", "fuck", "fucking", "shit",
         "klote", "kolere", "klere", "pleuris", "jezus", "kk", "kkr", "krijg de", "wtf", "kolere", "sodeju",
         "potverdorie", "verdorie", "potverdomme", "jemig", "tyf", "tief", "kanke", "takke", "tjezus",
         "godsamme", "gadverdamme", "gatverdamme", "bah", "damn", "fck", "fak", "fokking", "kankerzooi",
         "kutzooi", "teringzooi", "klotezooi"),
    ),
    "DEROG_CTX": (
        "implied derogation when a group is in the same sentence (cages, vets, expulsion, ruin, living off others)",
        ("de hand ophouden", "hand ophouden", "altijd zeuren", "altijd klagen", "nooit iets presteren",
         "niks presteren", "niets presteren", "op onze kosten", "nergens dankbaar voor", "opdraaien voor",
         "doen dan klagen",
         "dierenarts", "dierentuin", "dierenasiel", "kooi", "kooien", "kennel", "riool", "vuilnisbelt",
         # a curse that sends them away ("kanker op met al die ..."); trouble that comes with them ("als je ...
         # aanneemt, vraag je om problemen")
         "kanker op", "kk op", "tyfus op", "tering op", "flikker op", "donder op", "sodemieter op", "lazer op",
         "kanker toch op", "tyfus toch op", "vraag je om problemen", "vraagt om problemen", "vragen om problemen",
         "de klere krijgen", "de tering krijgen", "de tyfus krijgen", "de kanker krijgen", "de pest krijgen",
         "fuck alle", "fuck al die", "niet meer wat het was", "niet meer wat het geweest is", "gaat achteruit",
         "ellende brengen", "alleen maar ellende", "brengen alleen ellende", "als normale mensen", "dan normale mensen",
         "vraag je om moeilijkheden", "haal je problemen in huis", "haal je ellende in huis",
         "vuilnisbak", "prullenbak", "deporteren", "te deporteren", "het land uit", "land uit",
         "terug naar hun eigen land", "terug naar hun land", "terug naar je eigen land", "terug naar eigen land",
         "terug naar waar ze vandaan komen", "terug naar je land", "oprotten", "op te rotten", "opdonderen",
         "op te donderen", "optiefen", "optyfen", "opsodemieteren", "opflikkeren", "oplazeren", "ophoepelen",
         "weg met", "rot op", "ruineren", "ruineert", "verpesten", "verpest", "verziekt", "verzieken",
         "kapotmaken", "maken het land kapot", "naar de knoppen", "overnemen", "omvolking", "invasie",
         "overspoelen", "overspoeld", "niets waard", "niks waard", "minder waard", "geen rechten",
         "geen stemrecht", "achter het aanrecht", "aanrecht", "in de keuken", "liever kanker", "liever dood",
         "liever sterven", "liever doodgaan", "vuil onder mijn schoen", "iets aantrekken van",
         "wie maalt er om", "doen er niet toe", "er niet toe", "tellen niet", "niet tellen", "sterilisatie",
         "steriliseren", "gesteriliseerd", "castreren", "gecastreerd", "afschaffen", "geen plek",
         "horen hier niet", "hoort hier niet", "horen niet thuis", "hoort niet thuis", "niet welkom",
         "allemaal hetzelfde", "een ziekte", "geestesziekte", "te genezen", "genezen worden", "bekeren",
         "ontsmetten", "zuiveren", "schoonvegen", "opgeruimd staat netjes", "het toelaten", "verloren zaak",
         "geen knip voor de neus waard", "tweederangsburgers", "minderwaardig ras", "superieur ras",
         "zuiver ras", "rassenvermenging", "bastaarden", "inteelt", "vuile vingers", "lopen te zieken",
         "horen niet", "hoort niet", "in een kooi", "terug in een boot", "terug in de boot",
         "in een bootje terug", "terug de zee in"),
    ),
    "DISCRIM_VERB": (
        "verb of exclusion ('ik zou nooit een X aannemen')",
        ("aannemen", "aangenomen", "in dienst nemen", "daten", "trouwen", "vertrouwen", "verhuren", "omgaan",
         "laten omgaan", "spelen",
         "huren", "toelaten", "binnenlaten", "helpen", "bedienen", "stemmen op", "zitten naast", "naast zitten",
         "wonen naast", "naast wonen", "werken met", "samenwerken met", "kussen", "aanraken", "een hand geven",
         "hand geven", "respecteren", "serieus nemen", "laten winnen", "benoemen", "kiezen"),
    ),
    # ---- sexual exposure and doxing -------------------------------------------------------------
    "SEX_MEDIA": (
        "sexual images or videos of a person",
        ("nudes", "nude", "naaktfoto", "naaktfoto's", "naaktfotos", "naaktbeelden", "naaktfilmpje",
         "naaktfilmpjes", "naaktvideo", "naaktvideo's", "naaktselfie", "naaktselfies", "sexfilmpje",
         "sexfilmpjes", "seksfilmpje", "seksfilmpjes", "seksvideo", "seksvideo's", "sexvideo", "sexvideo's",
         "sextape", "sekstape", "sexfoto's", "seksfoto's", "pikante foto's", "blote foto's", "tietenfoto's",
         "tietenfotos", "tietenfoto", "kutfoto's", "dickpic", "dickpics", "naaktplaatjes", "seksbeelden",
         "sexbeelden", "naaktbeeld", "seksueel getinte foto's", "intieme beelden", "intieme foto's",
         "wraakporno", "onlyfans", "of content", "leaks", "nudes'jes", "sexy foto's", "naakt", "naakte foto's",
         "naakte foto", "bloot", "pijpfilmpje", "pijpvideo", "neukfilmpje", "sexting"),
    ),
    "EXPOSE": (
        "to expose someone (expose groups)",
        ("expose", "exposen", "exposed", "exposet", "gexposed", "geexposed", "exposeren", "geexposeerd",
         "exposing", "expost", "leaken", "lekken", "gelekt", "geleakt", "leak"),
    ),
    "DOX": ("to dox", ("dox", "doxen", "doxxen", "doxt", "doxxt", "doxx")),
    "PILLORY": (
        "accusatory label that puts a person in the pillory ('die pedo', 'deze verklikker')",
        ("pedo", "pedo's", "pedofiel", "pedofielen", "verkrachter", "verkrachters", "kinderverkrachter",
         "kindermisbruiker", "aanrander", "verklikker", "verklikkers", "verraadster", "verrader", "verraders",
         "landverrader", "landverraders", "landverraadster", "volksverrader", "snitch", "snitches", "rat",
         "ratten", "oplichter", "oplichters", "fraudeur", "dierenbeul", "moordenaar", "kinderlokker", "stalker",
         "kinderdief", "kinderdieven", "klikspaan", "klikspanen", "collaborateur", "heks", "kankerhoer", "hoer", "slet",
         "kutwijf", "klootzak", "schoft", "smeerlap", "hufter", "kankerlijer", "teringlijer", "tyfuslijer"),
    ),
    "GRIEVANCE": (
        "what the target is said to have done to the author ('die agent die mijn broer sloeg')",
        ("sloeg", "geslagen", "duwde", "geduwd", "beboette", "beboet", "bekeurde", "bekeurd", "bon", "boete",
         "opgepakt", "oppakte", "verlinkt", "verlinkte", "verraden", "verraadde", "aangegeven", "aangifte",
         "ontslagen", "ontsloeg", "afgepakt", "afpakte", "weggehaald", "weghaalde", "uitschold", "uitgescholden",
         "schorste", "geschorst", "weigerde", "geweigerd", "belazerd", "belazerde", "opgelicht", "oplichtte",
         "lastigvalt", "lastigviel", "lastiggevallen", "gepest", "pestte", "mishandeld", "mishandelde",
         "aanhield", "aangehouden", "arresteerde", "gearresteerd", "vrijsprak", "vrijgesproken", "veroordeelde",
         "afwees", "afgewezen", "belasterd", "bestolen", "bestal", "zitten liet", "liet zitten", "liet liggen",
         "in elkaar geslagen", "in elkaar sloeg", "neergestoken", "gestoken", "aangereden", "aanreed",
         "afgezet", "uitgezet", "ontruimd", "ontruimde", "gemeld", "meldde", "klaagde", "verkracht",
         "misbruikt", "aangerand", "beroofd", "beroofde", "getreiterd", "treiterde", "gedumpt", "dumpte",
         "vreemdgegaan", "bedrogen", "bedroog", "afgepakt", "ingepikt", "beledigd", "beledigde"),
    ),
    "CONTACT": (
        "contact or location data of a person",
        ("adres", "adressen", "woonadres", "huisadres", "thuisadres", "nummer", "nummers", "telefoonnummer",
         "telefoonnummers", "06", "06-nummer", "mobiel", "mobiele nummer", "naam", "namen", "achternaam",
         "gegevens", "persoonsgegevens", "privegegevens", "insta", "instagram", "snap", "snapchat", "tiktok",
         "woonplaats", "werkadres", "kenteken", "locatie", "postcode", "mail", "emailadres", "e-mailadres",
         "socials", "account", "accounts", "huis", "woning", "school", "werk", "werkplek", "kinderen"),
    ),
    # ---- context and guards --------------------------------------------------------------------
    "REPORT": (
        "speech report in the past or nominalised: what follows was said by someone else",
        ("zei", "zeiden", "gezegd", "zegt", "schreef", "schreven", "geschreven", "riep", "riepen", "geroepen",
         "tweette", "tweetten", "getweet", "postte", "plaatste", "appte", "appten", "beweerde", "beweren",
         "dreigde", "dreigden", "gedreigd", "bedreigd", "bedreigde", "bedreiging", "bedreigingen",
         "doodsbedreiging", "doodsbedreigingen", "noemde", "noemden", "genoemd", "scandeerde", "scandeerden", "schreeuwde", "schreeuwden", "geschreeuwd",
         "brulde", "brulden", "gebruld", "twitterde", "twitterden",
         "het zeggen", "het schrijven", "het roepen", "het posten", "het delen", "het verspreiden",
         "uitspraken", "uitspraak", "opmerking", "opmerkingen", "berichten", "bericht", "tweet", "tweets",
         "teksten", "leuzen", "leus", "spreekkoren", "citeren", "citeerde", "aldus", "volgens", "zeggen",
         "kreeg", "kregen", "ontving", "ontvingen", "uitgescholden", "uitschelden", "scheldt", "schold",
         "te noemen", "noemen", "het woord", "woorden", "term", "termen", "verdacht", "verdachte", "aangehouden",
         "opgepakt", "veroordeeld", "aanklacht", "rechtszaak", "geeist", "eiste", "eist", "celstraf",
         "taakstraf", "dagvaarding", "berichtgeving", "nieuws", "krant", "politie meldt", "persbericht"),
    ),
    "COUNTER": (
        "counter-speech cue: disapproval of hateful or threatening speech",
        ("niet oke", "niet ok", "niet oké", "niet acceptabel", "onacceptabel", "niet normaal", "schandalig",
         "verwerpelijk", "siert je niet", "siert hem niet", "siert haar niet", "discriminerend",
         "discriminatie", "racistisch", "racisme", "seksistisch", "seksisme", "homofoob", "homofobie",
         "transfoob", "transfobie", "islamofobie", "antisemitisme", "antisemitisch", "vrouwenhaat",
         "haatzaaiend", "haatzaaien", "rapporteer", "rapporteren", "gerapporteerd", "melden", "meld",
         "gemeld", "aangifte", "consequenties", "gevangenis", "cel", "verwijderd", "verwijderen", "geblokkeerd",
         "blokkeren", "verbannen", "geband", "strafbaar", "bestraft", "straf", "tolereren", "getolereerd",
         "toestaan", "accepteren", "geaccepteerd", "afkeuren", "keur af", "veroordelen", "veroordeel",
         "kun je niet maken", "kan niet", "hoort niet", "gaat te ver", "ga je te ver", "walgelijk dat",
         "schande", "schaam je", "schamen", "intolerant", "intolerantie", "haat tegen", "geweld tegen",
         "opkomen voor", "solidair", "steun aan", "verbieden", "verbod", "respectloos", "kwetsend",
         "beledigend", "pijnlijk", "niet grappig", "onaanvaardbaar", "ontoelaatbaar", "stoppen met",
         "stop met", "hou op", "houd op", "niemand verdient", "laag", "triest", "zielig dat", "bedroevend",
         "onacceptabele", "onvergeeflijk", "fout", "haatdragend", "haatberichten", "haatbericht", "hatelijk",
         "fabeltje", "een mythe", "vooroordeel", "vooroordelen", "stereotype", "kletskoek", "flauwekul", "broodje aap",
         "hatelijke", "uitingen", "bestrijden", "tegengaan", "aanpakken", "toekijken", "dulden", "gedoogd"),
    ),
    "NEWS": (
        "court and police reporting: the sentence reports on a case",
        ("celstraf", "taakstraf", "veroordeeld", "veroordeelde", "aangehouden", "opgepakt", "eist", "eiste",
         "geeist", "aanklacht", "rechtszaak", "dagvaarding", "persbericht", "berichtgeving", "verdachte",
         "gearresteerd", "strafzaak", "vonnis", "uitspraak", "hoger beroep", "rechtbank", "vervolgd", "aangifte gedaan", "deed aangifte", "doet aangifte",
         "meldt de politie", "volgens de politie", "aldus de politie", "meldt het om", "volgens het om", "getuigen",
         "politie zoekt", "zoekt getuigen"),
    ),
    "VICTIM": (
        "the group is the victim (of discrimination or violence), not the target of the author",
        ("gediscrimineerd", "discrimineren", "discrimineert", "uitgescholden", "bedreigd", "aangevallen",
         "gepest", "pesten", "buitengesloten", "uitsluiten", "slachtoffer", "slachtoffers", "lastiggevallen",
         "mishandeld", "slecht behandeld", "slecht behandelen", "onderdrukt", "onderdrukken", "vervolgd",
         "vermoord", "gedood", "achtergesteld", "benadeeld", "geweigerd", "gehaat", "geintimideerd",
         "intimidatie", "onveilig", "kwetsbaar", "beschermd", "beschermen", "bescherming", "rechten van",
         "gelijke rechten", "emancipatie", "acceptatie", "inclusie", "aanval op", "aanvallen op", "aanslag op",
         "aanslagen op", "mishandeling van", "bedreigen", "bedreiging van", "aangerand", "aanranding",
         "geweld tegen", "haat tegen", "doodswensen", "over zich heen"),
    ),
    "GAME": (
        "game or sports context: violent verbs there are play, unless a word puts them off the field (OFF_FIELD)",
        ("game", "games", "gamen", "spel", "spelletje", "potje", "league", "schaak", "schaken", "dammen", "monopoly", "match",
         "wedstrijd", "finale", "ronde", "level", "boss", "1v1", "1vs1", "pvp", "toernooi", "battle", "respawn",
         "headshot", "kill", "kills", "team", "squad", "clan", "server", "lobby", "stream", "twitch", "discord",
         "padel", "tennis", "voetbal", "darten", "pingpong", "tafeltennis", "kaartspel", "bordspel", "klaverjassen",
         "poker", "quiz", "pubquiz", "scrabble", "wordfeud", "film", "gamer", "gamers", "speler", "spelers",
         "partijtje", "serie", "aflevering", "boek", "roman", "toneelstuk", "personage", "rol", "impostor",
         "dungeon", "paladin", "orc", "raid", "derby", "competitie", "halve finale", "kwartfinale", "kampioenschap",
         "eredivisie", "keeper", "doelpunt", "uitwedstrijd", "thuiswedstrijd", "op het veld", "feyenoord", "ajax",
         "psv", "oranje", "leeuwinnen", "schaaktoernooi", "supporters"),
    ),
    "VIDEOGAME": (
        "a video game or console named: violent verbs are play whatever else the message says",
        ("fifa", "fortnite", "cod", "warzone", "minecraft", "roblox", "valorant", "csgo", "cs", "counter-strike",
         "apex", "pubg", "overwatch", "gta", "ps5", "ps4", "xbox", "switch", "controller", "console",
         "mario kart", "mariokart", "smash", "tekken", "rocket league", "wii", "nintendo", "playstation", "zelda",
         "sims", "robloxen", "fifaen", "call of duty", "among us", "elden ring", "mario"),
    ),
    "OFF_FIELD": (
        "the real world next to a game or match: a threat there is no play ('na de wedstrijd', 'die scheids')",
        ("na de wedstrijd", "na afloop", "na de training", "na de match", "in het echt", "irl", "parkeerplaats",
         "scheids", "scheidsrechter", "grensrechter", "buiten het stadion", "bij de uitgang", "bij de kleedkamer",
         "bij de kleedkamers"),
    ),
    # ---- veiled threats (composed: a harm outcome x a target x a condition or future) ------------
    "HARM_CONSEQ": (
        "harm that befalls someone as a consequence ('... dan ben je er geweest', '... ligt je hond in de sloot')",
        ("er geweest", "ben je dood", "is hij dood", "is ze dood", "bent dood", "het merken", "ervan lusten",
         "nooit meer", "niet levend", "eraan", "graf", "kist", "klaar met je",
         "klaar met jou", "in elkaar", "in de fik", "in brand", "in vlammen", "in puin", "te grazen",
         "verdiende loon", "een lesje", "pijn doen", "bloeden", "liggen op straat", "ligt op straat",
         "een kopje kleiner", "spijt", "boeten", "bezuren", "berouwen", "afrekenen", "rekening vereffenen"),
    ),
    "HARM_STATE": (
        "the state of someone hurt or dead ('krukken', 'rolstoel', 'kist')",
        ("ziekenhuis", "ziekenhuiseten", "ziekenhuisbed", "krukken", "rolstoel", "kist", "doodskist", "graf",
         "grafsteen", "begrafenis", "gips", "intensive care", "lijkwagen", "rouwkaart", "rouwkaarten",
         "ambulance", "eerste hulp", "mortuarium"),
    ),
    "SEX_ADJ": (
        "a word that makes ordinary photos or videos sexual ('die naakte', 'de pikante', 'in bed')",
        ("naakte", "naakt", "pikante", "pikant", "blote", "bloot", "sexy", "in bed", "intieme", "ondeugende", "spicy",
         "in bikini", "in lingerie", "zonder kleren", "topless"),
    ),
    "COERCE": (
        "a condition that coerces the target ('als je niet betaalt', 'als je aangifte doet', 'als je je mond opendoet')",
        ("niet betaalt", "niet betalen", "niet doet wat", "niet doen wat", "aangifte doet", "aangifte doen",
         "naar de politie", "mond niet houdt", "mond opendoet", "bek opendoet", "blijft schrijven", "blijft posten",
         "blijft praten", "doorgaat", "door gaat", "praat", "klikt", "getuigt", "niet terugkomt", "niet stopt",
         "niet ophoudt", "nog een keer", "nog één keer", "nog 1 keer", "nog 1x", "verklikt", "lult"),
    ),
    "MENACE": (
        "a marker that makes an ambiguous statement menacing ('reken maar', 'wacht maar af', 'let maar op')",
        ("reken maar", "wacht maar af", "wacht maar", "let maar op", "let op mijn woorden", "wedden", "dat beloof ik",
         "beloof ik je", "dat beloof ik je", "als je snapt wat ik bedoel", "je snapt me wel", "snap je",
         "je bent gewaarschuwd", "wees gewaarschuwd", "voor je eigen bestwil", "op onze manier",
         "zorg dat je thuis bent", "zorg maar dat je thuis bent", "dan praten we verder", "zonder camera's",
         "als er niemand bij is", "op een donkere avond", "vroeg of laat", "dat weet je", "geloof me maar",
         "dan zie je wat er gebeurt", "dan zie je wel", "gemeende tip", "goedbedoeld advies", "voor je eigen veiligheid",
         "voor jullie eigen veiligheid", "voor hun eigen veiligheid", "voor je eigen gezondheid",
         "voor jullie eigen gezondheid", "voor hun eigen gezondheid", "onder vier ogen", "zonder je uniform",
         "met de vuisten", "op onze eigen manier", "dan regelen we het", "nachtjes slapen", "nachtjes nog",
         "aftellen tot", "het aftellen", "jouw beurt", "jullie beurt", "uw beurt", "geniet er maar van",
         "geniet er nog maar van", "zolang het kan", "als het donker is", "als het donker wordt"),
    ),
    "EXEC_PLACE": (
        "place of execution ('tegen de muur', 'aan de galg')",
        ("tegen de muur", "aan de galg", "aan de hoogste boom", "aan een boom", "aan een lantaarnpaal",
         "aan de lantaarnpaal", "aan de lantaarnpalen", "aan een touw", "aan het touw", "aan de strop", "aan een strop",
         "voor het vuurpeloton", "in de gaskamer", "naar de gaskamer", "op de brandstapel",
         "in de oven", "naar de galg", "aan het kruis", "op de elektrische stoel", "in een massagraf"),
    ),
    "INSINUATE": (
        "insinuation that lets the reader draw the conclusion about a group ('zegt genoeg', 'zal wel toeval zijn')",
        ("zegt genoeg", "zegt alles", "zeggen genoeg", "zeggen alles", "ik zeg niks hoor", "ik zeg niets hoor",
         "ik zeg niks maar", "ik zeg niets maar", "meer zeg ik niet",
         "zal wel toeval zijn", "zal vast toeval zijn", "zal wel toeval wezen", "vast toeval", "toeval zeker",
         "trek je eigen conclusies", "trek je eigen conclusie", "trek zelf je conclusies", "trek zelf je conclusie",
         "trek zelf maar je conclusies", "ik laat het hierbij", "ik laat het daarbij", "snap je het nu",
         "je weet hoe het zit", "dan weet je het wel", "dan weet je genoeg"),
    ),
    "WEAPON": (
        "a weapon one takes along",
        ("honkbalknuppel", "honkbalknuppels", "knuppel", "knuppels", "mes", "messen", "bijl", "bijlen", "pistool",
         "pistolen", "wapen", "wapens", "boksbeugel", "boksbeugels", "koevoet", "hamer", "hamers", "machete",
         "ijzeren staaf", "stokken", "kettingen", "vuurwapen", "vuurwapens", "blaffer", "glock", "hooivork",
         "hooivorken", "fakkel", "fakkels", "benzine", "jerrycan", "jachtgeweer", "geweer", "geweren", "rattengif"),
    ),
    "PUNCT": ("clause or sentence punctuation", (",", ";", ":", ".", "!", "?", "...", "-", "(", ")", "…")),
}

# --------------------------------------------------------------------------------------------------
# Protected groups (art. 137c-137d Sr grounds) with their nouns
# --------------------------------------------------------------------------------------------------

# ground: the discrimination ground; in_137c: whether that ground is named in art. 137c/137d Sr as the
# tool reads it (otherwise the qualification leaves the ground to a person to judge).
GROUPS: dict[str, dict] = {
    "women": {
        "label": "vrouwen", "ground": "geslacht", "in_137c": False,
        "terms": ("vrouwen", "vrouw", "vrouwtjes", "meiden", "meisjes", "wijven", "vrouwmensen", "dames",
                  "vrouwspersonen", "moslima's", "vrouwelijke personen", "vrouwelijke mensen", "vrouwlui"),
    },
    "trans": {
        "label": "transgender personen", "ground": "genderidentiteit", "in_137c": False,
        "terms": ("transgenders", "transgender", "transpersonen", "transpersoon", "transvrouwen",
                  "transmannen", "transvrouw", "transman", "transseksuelen", "transseksueel", "transgender personen",
                  "transgender mensen", "trans personen", "trans mensen", "non-binaire personen",
                  "non-binaire mensen", "transjongeren", "transgenderpersonen"),
    },
    "lgb": {
        "label": "homo's, lesbiennes en biseksuelen", "ground": "seksuele gerichtheid", "in_137c": True,
        "terms": ("homo's", "homo", "homos", "homoseksuelen", "homoseksueel", "homoseksuele", "homofielen",
                  "homostelletjes", "homostellen", "homostel",
                  "lesbiennes", "lesbienne", "lesbische vrouwen", "lesbische vrouw", "biseksuelen", "biseksueel",
                  "biseksuele", "lhbti'ers", "lhbtiq'ers", "lhbt'ers", "lhbtiers", "lhbti", "lhbtiq", "lhbtiq+",
                  "holebi's", "gays", "gay", "queers", "homomannen", "homoseksuele mannen", "homoseksuele mensen",
                  "homoseksuele personen", "homostellen", "homostel", "regenboogfamilies"),
    },
    "black": {
        "label": "zwarte mensen", "ground": "ras", "in_137c": True,
        "terms": ("zwarten", "zwarte personen", "zwart persoon", "zwarte mensen", "zwarte mannen",
                  "zwarte vrouwen", "zwarte man", "zwarte vrouw", "zwarte jongeren", "donkere mensen",
                  "donkere personen", "gekleurde mensen", "mensen van kleur", "afrikanen", "afrikaan",
                  "surinamers", "surinamer", "antillianen", "antilliaan", "afro-nederlanders",
                  "zwarte nederlanders", "zwarte", "zwarte jongens", "donkere jongens", "kleurlingen"),
    },
    "ethnic": {
        "label": "een etnische of nationale groep", "ground": "ras (afkomst)", "in_137c": True,
        "terms": ("marokkanen", "marokkaan", "turken", "turk", "polen", "roma", "sinti", "arabieren",
                  "arabier", "aziaten", "aziaat", "chinezen", "chinees", "allochtonen", "allochtoon",
                  "buitenlanders", "buitenlander", "somaliers", "eritreeers", "syriers", "afghanen", "koerden",
                  "oost-europeanen", "bulgaren", "roemenen", "molukkers", "indonesiers", "marokkaanse jongeren",
                  "marokkaanse mannen", "turkse mannen", "marokkaanse nederlanders", "turkse nederlanders",
                  "migrantenjongeren", "nieuwe nederlanders", "mensen met een migratieachtergrond",
                  "woonwagenbewoners", "kampers"),
    },
    "immigrants": {
        "label": "immigranten en vluchtelingen", "ground": "afkomst", "in_137c": False,
        "terms": ("immigranten", "immigrant", "migranten", "migrant", "vluchtelingen", "vluchteling",
                  "asielzoekers", "asielzoeker", "statushouders", "statushouder", "nieuwkomers", "nieuwkomer",
                  "arbeidsmigranten", "arbeidsmigrant", "asielmigranten", "vreemdelingen", "vreemdeling",
                  "illegalen", "ongedocumenteerden", "expats", "buitenlandse werknemers", "asielmigrant"),
    },
    "muslims": {
        "label": "moslims", "ground": "godsdienst", "in_137c": True,
        "terms": ("moslims", "moslim", "islamieten", "islamiet", "moslima", "moslima's", "moslimas", "mohammedanen",
                  "hoofddoekdraagsters", "moskeegangers",
                  "moslimvrouwen", "moslimmannen", "moslimjongeren", "islamitische mensen", "hoofddoekdragers"),
    },
    "jews": {
        "label": "joden", "ground": "godsdienst of ras", "in_137c": True,
        "terms": ("joden", "jood", "joodse mensen", "joodse personen", "jodin", "joodse nederlanders",
                  "israelieten", "zionisten"),
    },
    "christians": {
        "label": "christenen", "ground": "godsdienst", "in_137c": True,
        "terms": ("christenen", "christen", "katholieken", "katholiek", "protestanten", "gelovigen",
                  "hindoes", "hindoe", "boeddhisten", "sikhs", "atheisten"),
    },
    "disabled": {
        "label": "mensen met een handicap", "ground": "handicap", "in_137c": True,
        "terms": ("gehandicapten", "gehandicapte", "mensen met een beperking", "mensen met een handicap",
                  "personen met een beperking", "personen met een handicap", "iemand met een beperking",
                  "invaliden", "invalide", "autisten", "autist", "doven", "dove", "blinden", "blinde",
                  "rolstoelers", "rolstoeler", "rolstoelgebruikers", "verstandelijk gehandicapten", "lichamelijk gehandicapten",
                  "psychiatrische patienten", "mensen met down", "mensen met het syndroom van down",
                  "gehandicapte mensen", "gehandicapte personen", "mensen met autisme", "spastici",
                  "mensen met adhd", "dyslectici", "doofstommen", "lichamelijk beperkten", "beperkten"),
    },
}

# adjectives that make a person noun a group noun ("joodse buren", "zwarte jongens")
GROUP_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "women": ("vrouwelijke",),
    "trans": ("transgender", "trans", "non-binaire", "transseksuele"),
    "lgb": ("homoseksuele", "lesbische", "biseksuele", "homo", "queer"),
    "black": ("zwarte", "donkere", "gekleurde", "afrikaanse", "surinaamse", "antilliaanse"),
    "ethnic": ("marokkaanse", "turkse", "poolse", "arabische", "aziatische", "chinese", "allochtone",
               "buitenlandse", "roemeense", "bulgaarse", "syrische", "afghaanse", "somalische", "eritrese"),
    "immigrants": ("migranten", "gevluchte", "asielzoekende"),
    "muslims": ("islamitische", "moslim"),
    "jews": ("joodse",),
    "christians": ("christelijke", "katholieke", "gelovige", "hindoestaanse"),
    "disabled": ("gehandicapte", "autistische", "dove", "blinde", "invalide", "verstandelijk beperkte",
                 "lichamelijk beperkte", "beperkte"),
}

# --------------------------------------------------------------------------------------------------
# Slurs: group -> (strong, ambiguous). Ambiguous ones ("pot", "mongool", "teef") need a frame that
# directs them at a person ("je bent een ...", "vuile ...", "typisch voor een ...").
# --------------------------------------------------------------------------------------------------

SLURS: dict[str, dict[str, tuple[str, ...]]] = {
    "women": {
        "strong": ("slet", "sletten", "sletje", "slettebak", "hoer", "hoeren", "hoertje", "hoertjes",
                   "sloerie", "sloeries", "snol", "snollen", "kuthoer", "kankerhoer", "tyfushoer", "teringhoer",
                   "kutwijf", "kutwijven", "hoerenwijf", "huppelkut", "kankerslet", "vuile slet", "vuile hoer",
                   "sletterig", "hoerig", "sletje", "snolletje", "slettenbak"),
        "ambiguous": ("teef", "teven", "del", "dellen", "wijf", "wijven", "trut", "kreng", "bitch", "bitches", "muts"),
    },
    "trans": {
        "strong": ("manwijf", "manwijven", "shemale", "shemales", "he-she", "travo", "travo's", "ladyboy",
                   "ladyboys", "kerel in een jurk", "vent in een jurk", "transjes", "travestieten", "tranny",
                   "trannies", "trannie"),
        "ambiguous": ("transen",),
    },
    "lgb": {
        "strong": ("flikker", "flikkers", "flikkertje", "mietje", "mietjes", "potteneuker", "lesbo", "lesbo's",
                   "kontneuker", "kontneukers", "anusridder", "bruinwerker", "bruinwerkers", "sodomiet",
                   "sodomieten", "nichterig", "homofiel", "vuile homo", "kankerhomo", "kankerflikker",
                   "tyfusflikker", "homootje", "poepchinees", "reetridder", "achterlader", "achterladers"),
        "ambiguous": ("pot", "potten", "nicht", "nichten", "poot", "poten", "homo", "homo's", "mie", "flikkerse"),
    },
    "black": {
        "strong": ("neger", "negers", "negerin", "nikker", "nikkers", "niknok", "niknokken", "roetmop",
                   "roetmoppen", "bosneger", "bosnegers", "zwartjoekel", "zwartjoekels", "kroeskop",
                   "kroeskoppen", "katoenplukker", "katoenplukkers", "bananeneter", "apenkop", "negertje",
                   "kankerneger", "tyfusneger", "zandneger", "zandnegers", "n-woord", "nigger", "niggers",
                   "nigga", "roetmopje", "zwartje", "zwartjes"),
        "ambiguous": ("aap", "apen", "bruine", "chocolaatje"),
    },
    "ethnic": {
        "strong": ("makak", "makakken", "kutmarokkaan", "kutmarokkanen", "kankermarokkaan", "kankermarokkanen",
                   "tyfusmarokkaan", "geitenneuker", "geitenneukers", "kamelenneuker", "kamelenneukers",
                   "kameelneuker", "kameelneukers", "tapijtboeier", "kankerturk", "tyfusturk", "kutturk", "spleetoog", "spleetogen", "poepchinees",
                   "poepchinezen", "jappenkop", "zigeuner", "zigeuners", "kutpolen", "kankerpolen", "kutpool",
                   "kutallochtoon", "kankerallochtoon", "kutmocro"),
        "ambiguous": ("pinda", "pinda's", "kaaskop", "kaaskoppen", "mof", "moffen", "spaghettivreter"),
    },
    "immigrants": {
        "strong": ("kansenparel", "kansenparels", "cultuurverrijker", "cultuurverrijkers", "gelukszoeker",
                   "gelukszoekers", "fortuinzoeker", "fortuinzoekers", "testosteronbom", "testosteronbommen",
                   "asieltuig", "gelukzoekers", "gelukzoeker", "dobbertje", "bootvluchteling",
                   "importtuig", "immigrantentuig", "azc-tuig", "vreemdelingentuig"),
        "ambiguous": ("dobber", "dobbers", "importbruid"),
    },
    "muslims": {
        "strong": ("haatbaard", "haatbaarden", "baardaap", "baardapen", "geitenneuker", "geitenneukers",
                   "kamelenneuker", "kamelenneukers", "kopvod", "kopvoddendrager", "kopvoddendragers",
                   "theedoek", "theedoeken", "moslimtuig", "kankermoslim", "tyfusmoslim", "moslimterrorist",
                   "mozzie", "mozzies", "muzzie", "muzzies", "islamofascist", "islamofascisten", "jihadbruid",
                   "hoofddoekje", "hoofddoekjes", "pedoprofeet", "islamtuig"),
        "ambiguous": ("baard", "baarden"),
    },
    "jews": {
        "strong": ("smous", "smousen", "kankerjood", "kankerjoden", "tyfusjood", "tyfusjoden", "rotjood",
                   "rotjoden", "jodenstreek", "jodenstreken", "vuile jood", "kutjood", "kutjoden", "jodenvolk"),
        "ambiguous": ("jood",),
    },
    "christians": {"strong": ("christenhond", "christenhonden", "kafir", "kuffar"), "ambiguous": ()},
    "disabled": {
        "strong": ("mongooltje", "spast", "spasten", "spasticus", "retard", "retards", "downie", "downies",
                   "kankermongool", "mongolenbak", "zwakzinnige", "kreupelen", "gehandicapte kut", "debieltje", "spastje",
                   "spastjes",
                   "mongo", "mongolo", "klapschaats"),
        "ambiguous": ("mongool", "mongolen", "debiel", "debielen", "kreupele", "kreupel", "achterlijke",
                      "gehandicapt", "autist", "spastisch", "zwakbegaafde", "invalide", "imbeciel"),
    },
}

# --------------------------------------------------------------------------------------------------
# Roles of people with a public task (and others often doxed for their work)
# --------------------------------------------------------------------------------------------------

ROLES: dict[str, dict] = {
    "agent": {
        "label": "politieagent", "public_task": True,
        "terms": ("agent", "agenten", "agente", "agentes", "politieagent", "politieagenten", "politieagente",
                  "politieman", "politiemannen", "politievrouw", "politiemensen", "politieambtenaar",
                  "politieambtenaren", "diender", "dienders", "smeris", "smerissen", "wout", "wouten", "juut",
                  "juten", "klabak", "klabakken", "kit", "kitten", "bromsnor", "rechercheur", "rechercheurs",
                  "wijkagent", "wijkagenten", "hoofdagent", "hoofdagenten", "brigadier", "brigadiers",
                  "inspecteur", "inspecteurs", "marechaussee", "marechaussees", "me'er", "me'ers", "politie",
                  "mobiele eenheid", "arrestatieteam", "agentje", "agentjes", "snuten", "snuit", "flik", "flikken",
                  "copper", "cops", "cop", "pig", "pigs", "politiecommissaris", "korpschef"),
    },
    "boa": {
        "label": "boa of handhaver", "public_task": True,
        "terms": ("boa", "boa's", "handhaver", "handhavers", "stadswacht", "stadswachten", "parkeerwachter",
                  "parkeerwachters", "parkeercontroleur", "toezichthouder", "toezichthouders", "controleur",
                  "controleurs", "conducteur", "conducteurs", "boswachter", "boswachters", "buitengewoon opsporingsambtenaar"),
    },
    "wethouder": {
        "label": "wethouder", "public_task": True,
        "terms": ("wethouder", "wethouders", "burgemeester", "burgemeesters", "loco-burgemeester", "raadslid",
                  "raadsleden", "gemeenteraadslid", "gemeenteraadsleden", "gedeputeerde", "gedeputeerden",
                  "statenlid", "statenleden", "commissaris van de koning", "dijkgraaf", "bestuurder",
                  "bestuurders", "politicus", "politici", "politica"),
    },
    "kamerlid": {
        "label": "Kamerlid of bewindspersoon", "public_task": True,
        "terms": ("kamerlid", "kamerleden", "tweede kamerlid", "eerste kamerlid", "minister", "ministers",
                  "staatssecretaris", "staatssecretarissen", "premier", "minister-president", "fractievoorzitter",
                  "partijleider", "senator", "senatoren", "europarlementarier", "volksvertegenwoordiger",
                  "volksvertegenwoordigers", "bewindspersoon", "bewindslieden"),
    },
    "rechter": {
        "label": "rechter of officier van justitie", "public_task": True,
        "terms": ("rechter", "rechters", "officier van justitie", "officieren van justitie", "ovj", "advocaat-generaal",
                  "rechercheofficier", "griffier", "griffiers", "kinderrechter", "politierechter", "raadsheer",
                  "openbaar aanklager", "aanklager", "advocaat", "advocaten", "advocate", "notaris", "deurwaarder",
                  "deurwaarders", "gevangenisbewaarder", "cipier", "cipiers", "pi-medewerker", "reclasseringswerker"),
    },
    "journalist": {
        "label": "journalist", "public_task": True,
        "terms": ("journalist", "journalisten", "journaliste", "verslaggever", "verslaggevers", "verslaggeefster",
                  "reporter", "reporters", "presentator", "presentatrice", "columnist", "columniste", "fotograaf",
                  "persfotograaf", "cameraman", "redacteur", "redacteuren", "hoofdredacteur"),
    },
    "ambtenaar": {
        "label": "ambtenaar of hulpverlener", "public_task": True,
        "terms": ("ambtenaar", "ambtenaren", "ambtenares", "baliemedewerker", "baliemedewerkers", "jeugdzorgmedewerker",
                  "jeugdzorg", "jeugdbeschermer", "voogd", "gezinsvoogd", "ambulancemedewerker", "ambulancebroeder",
                  "ambulancepersoneel", "brandweerman", "brandweerlieden", "brandweer", "hulpverlener",
                  "hulpverleners", "huisarts", "verpleegkundige", "verpleegkundigen", "spoedarts", "leraar",
                  "leraren", "docent", "docenten", "lerares", "schoolleider", "rector", "buschauffeur",
                  "trambestuurder", "medewerker van de gemeente", "klantmanager", "uwv-medewerker",
                  "belastinginspecteur", "wetenschapper", "wetenschappers", "viroloog", "virologen"),
    },
}

# --------------------------------------------------------------------------------------------------
# Violent verbs: lemma, crime (for art. 285 Sr), finite forms, participle, separable particle + base
# --------------------------------------------------------------------------------------------------

# crime: "leven" (misdrijf tegen het leven), "mishandeling" (zware mishandeling), "verkrachting",
# "brandstichting", "onbepaald" (elimination with no named crime).
VIOLENT_VERBS: tuple[dict, ...] = (
    {"lemma": "vermoorden", "crime": "leven", "fin": ("vermoord", "vermoordt"), "part": ("vermoord",)},
    {"lemma": "doden", "crime": "leven", "fin": ("doodt",), "part": ("gedood",), "te": ("te doden",)},
    {"lemma": "doodmaken", "crime": "leven", "sep": ("dood", "maken"), "fin": ("maak", "maakt"),
     "part": ("doodgemaakt",)},
    {"lemma": "afmaken", "crime": "leven", "sep": ("af", "maken"), "fin": ("maak", "maakt"), "part": ("afgemaakt",)},
    {"lemma": "koudmaken", "crime": "leven", "sep": ("koud", "maken"), "fin": ("maak",), "part": ("koudgemaakt",)},
    {"lemma": "doodschieten", "crime": "leven", "sep": ("dood", "schieten"), "fin": ("schiet",),
     "part": ("doodgeschoten",)},
    {"lemma": "neerschieten", "crime": "leven", "sep": ("neer", "schieten"), "fin": ("schiet",),
     "part": ("neergeschoten",)},
    {"lemma": "afschieten", "crime": "leven", "sep": ("af", "schieten"), "fin": ("schiet",), "part": ("afgeschoten",)},
    {"lemma": "kapotschieten", "crime": "leven", "sep": ("kapot", "schieten"), "fin": ("schiet",),
     "part": ("kapotgeschoten",)},
    {"lemma": "lekschieten", "crime": "leven", "sep": ("lek", "schieten"), "fin": ("schiet",), "part": ("lekgeschoten",)},
    {"lemma": "overhoopschieten", "crime": "leven", "sep": ("overhoop", "schieten"), "fin": ("schiet",),
     "part": ("overhoopgeschoten",)},
    {"lemma": "neerknallen", "crime": "leven", "sep": ("neer", "knallen"), "fin": ("knal",), "part": ("neergeknald",)},
    {"lemma": "afknallen", "crime": "leven", "sep": ("af", "knallen"), "fin": ("knal",), "part": ("afgeknald",)},
    {"lemma": "doodknallen", "crime": "leven", "sep": ("dood", "knallen"), "fin": ("knal",), "part": ("doodgeknald",)},
    {"lemma": "doodsteken", "crime": "leven", "sep": ("dood", "steken"), "fin": ("steek",), "part": ("doodgestoken",)},
    {"lemma": "neersteken", "crime": "leven", "sep": ("neer", "steken"), "fin": ("steek",), "part": ("neergestoken",)},
    {"lemma": "leksteken", "crime": "leven", "sep": ("lek", "steken"), "fin": ("steek",), "part": ("lekgestoken",)},
    {"lemma": "doodslaan", "crime": "leven", "sep": ("dood", "slaan"), "fin": ("sla", "slaat"),
     "part": ("doodgeslagen",)},
    {"lemma": "doodtrappen", "crime": "leven", "sep": ("dood", "trappen"), "fin": ("trap",), "part": ("doodgetrapt",)},
    {"lemma": "doodrijden", "crime": "leven", "sep": ("dood", "rijden"), "fin": ("rij", "rijd"),
     "part": ("doodgereden",)},
    {"lemma": "ophangen", "crime": "leven", "sep": ("op", "hangen"), "fin": ("hang",), "part": ("opgehangen",)},
    {"lemma": "opknopen", "crime": "leven", "sep": ("op", "knopen"), "fin": ("knoop",), "part": ("opgeknoopt",)},
    {"lemma": "omleggen", "crime": "leven", "sep": ("om", "leggen"), "fin": ("leg",), "part": ("omgelegd",)},
    {"lemma": "ombrengen", "crime": "leven", "sep": ("om", "brengen"), "fin": ("breng",), "part": ("omgebracht",)},
    {"lemma": "opblazen", "crime": "leven", "sep": ("op", "blazen"), "fin": ("blaas",), "part": ("opgeblazen",)},
    {"lemma": "afslachten", "crime": "leven", "sep": ("af", "slachten"), "fin": ("slacht",), "part": ("afgeslacht",)},
    {"lemma": "slachten", "crime": "leven", "fin": ("slacht",), "part": ()},
    {"lemma": "uitroeien", "crime": "leven", "sep": ("uit", "roeien"), "fin": ("roei",), "part": ("uitgeroeid",)},
    {"lemma": "onthoofden", "crime": "leven", "fin": ("onthoofd",), "part": ("onthoofd",)},
    {"lemma": "executeren", "crime": "leven", "fin": ("executeer",), "part": ("geexecuteerd",)},
    {"lemma": "liquideren", "crime": "leven", "fin": ("liquideer",), "part": ("geliquideerd",)},
    {"lemma": "vergassen", "crime": "leven", "fin": ("vergas",), "part": ("vergast",)},
    {"lemma": "verbranden", "crime": "leven", "fin": ("verbrand",), "part": ("verbrand",)},
    {"lemma": "wurgen", "crime": "leven", "fin": ("wurg",), "part": ("gewurgd",)},
    {"lemma": "verzuipen", "crime": "leven", "fin": ("verzuip",), "part": ("verzopen",)},
    {"lemma": "elimineren", "crime": "leven", "fin": ("elimineer",), "part": ("geelimineerd",)},
    {"lemma": "lynchen", "crime": "leven", "fin": ("lynch",), "part": ("gelyncht",)},
    {"lemma": "bekogelen", "crime": "mishandeling", "fin": ("bekogel", "bekogelt"), "part": ("bekogeld",)},
    {"lemma": "stenigen", "crime": "leven", "fin": ("stenig",), "part": ("gestenigd",)},
    {"lemma": "fusilleren", "crime": "leven", "fin": ("fusilleer",), "part": ("gefusilleerd",)},
    {"lemma": "vierendelen", "crime": "leven", "fin": (), "part": ("gevierendeeld",)},
    {"lemma": "een kopje kleiner maken", "crime": "leven", "sep": ("een kopje kleiner", "maken"), "fin": ("maak",),
     "part": ("een kopje kleiner gemaakt",)},
    {"lemma": "de nek omdraaien", "crime": "leven", "sep": ("de nek om", "draaien"), "fin": ("draai",),
     "part": ("de nek omgedraaid",), "te": ("de nek omdraaien", "de nek om te draaien")},
    {"lemma": "kelen", "crime": "leven", "fin": ("keel",), "part": ("gekeeld",)},
    {"lemma": "afknallen", "crime": "leven", "fin": (), "part": ()},
    {"lemma": "ontdoen", "crime": "onbepaald", "fin": ("ontdoe",), "part": ("ontdaan",)},
    {"lemma": "uitmoorden", "crime": "leven", "sep": ("uit", "moorden"), "fin": ("moord",), "part": ("uitgemoord",)},
    {"lemma": "slopen", "crime": "mishandeling", "fin": ("sloop",), "part": ()},
    {"lemma": "martelen", "crime": "mishandeling", "fin": ("martel",), "part": ("gemarteld",)},
    {"lemma": "mishandelen", "crime": "mishandeling", "fin": ("mishandel",), "part": ("mishandeld",)},
    {"lemma": "verminken", "crime": "mishandeling", "fin": ("vermink",), "part": ("verminkt",)},
    {"lemma": "molesteren", "crime": "mishandeling", "fin": ("molesteer",), "part": ("gemolesteerd",)},
    {"lemma": "aftuigen", "crime": "mishandeling", "sep": ("af", "tuigen"), "fin": ("tuig",), "part": ("afgetuigd",)},
    {"lemma": "in elkaar rammen", "crime": "mishandeling", "sep": ("in elkaar", "rammen"), "fin": ("ram",),
     "part": ("in elkaar geramd",)},
    {"lemma": "overrijden", "crime": "leven", "fin": ("overrijd", "overrijdt"), "part": ("overreden",)},
    {"lemma": "afranselen", "crime": "mishandeling", "sep": ("af", "ranselen"), "fin": ("ransel",),
     "part": ("afgeranseld",)},
    {"lemma": "aframmelen", "crime": "mishandeling", "sep": ("af", "rammelen"), "fin": ("rammel",),
     "part": ("afgerammeld",)},
    {"lemma": "neerslaan", "crime": "mishandeling", "sep": ("neer", "slaan"), "fin": ("sla",), "part": ("neergeslagen",)},
    {"lemma": "kapotslaan", "crime": "mishandeling", "sep": ("kapot", "slaan"), "fin": ("sla",),
     "part": ("kapotgeslagen",)},
    {"lemma": "kapotmaken", "crime": "mishandeling", "sep": ("kapot", "maken"), "fin": ("maak",),
     "part": ("kapotgemaakt",)},
    # (Flemish: "ik ga u kapot doen")
    {"lemma": "kapotdoen", "crime": "mishandeling", "sep": ("kapot", "doen"), "fin": ("doe",), "part": ("kapotgedaan",)},
    {"lemma": "omverrijden", "crime": "mishandeling", "sep": ("omver", "rijden"), "fin": ("rij", "rijd"),
     "part": ("omvergereden",)},
    {"lemma": "in elkaar slaan", "crime": "mishandeling", "sep": ("in elkaar", "slaan"), "fin": ("sla", "slaat"),
     "part": ("in elkaar geslagen",)},
    {"lemma": "in elkaar trappen", "crime": "mishandeling", "sep": ("in elkaar", "trappen"), "fin": ("trap",),
     "part": ("in elkaar getrapt",)},
    {"lemma": "in elkaar schoppen", "crime": "mishandeling", "sep": ("in elkaar", "schoppen"), "fin": ("schop",),
     "part": ("in elkaar geschopt",)},
    {"lemma": "verrot slaan", "crime": "mishandeling", "sep": ("verrot", "slaan"), "fin": ("sla",),
     "part": ("verrot geslagen",)},
    {"lemma": "verrot schoppen", "crime": "mishandeling", "sep": ("verrot", "schoppen"), "fin": ("schop",),
     "part": ("verrot geschopt",)},
    {"lemma": "pijn doen", "crime": "mishandeling", "sep": ("pijn", "doen"), "fin": ("doe",), "part": ("pijn gedaan",)},
    {"lemma": "laten lijden", "crime": "mishandeling", "sep": ("laten", "lijden"), "fin": (), "part": ()},
    {"lemma": "slaan", "crime": "mishandeling", "fin": (), "part": ("geslagen",)},
    {"lemma": "steken", "crime": "mishandeling", "fin": (), "part": ("gestoken",)},
    {"lemma": "neermaaien", "crime": "leven", "sep": ("neer", "maaien"), "fin": ("maai",), "part": ("neergemaaid",)},
    {"lemma": "verkrachten", "crime": "verkrachting", "fin": ("verkracht",), "part": ("verkracht",)},
    {"lemma": "aanranden", "crime": "verkrachting", "sep": ("aan", "randen"), "fin": ("rand",), "part": ("aangerand",)},
    {"lemma": "misbruiken", "crime": "verkrachting", "fin": ("misbruik",), "part": ("misbruikt",)},
    {"lemma": "in brand steken", "crime": "brandstichting", "sep": ("in brand", "steken"), "fin": ("steek",),
     "part": ("in brand gestoken",)},
    {"lemma": "in de fik steken", "crime": "brandstichting", "sep": ("in de fik", "steken"), "fin": ("steek",),
     "part": ("in de fik gestoken",)},
)

# Finite forms that are threats without a particle ("ik vermoord je"); other finite forms need one.
FINITE_COMPLETE: tuple[str, ...] = (
    "vermoord", "vermoordt", "doodt", "verkracht", "wurg", "martel", "onthoofd", "executeer", "liquideer",
    "vergas", "mishandel", "vermink", "molesteer", "lynch", "stenig", "verzuip", "elimineer", "verbrand",
    "fusilleer", "keel", "slacht", "misbruik", "ontdoe", "sloop",
)

# --------------------------------------------------------------------------------------------------
# Person-noun heuristic: plural suffixes that usually name people ("verhuurders", "academici")
# --------------------------------------------------------------------------------------------------

PERSON_SUFFIXES: tuple[str, ...] = (
    "ers", "aars", "isten", "ici", "anen", "ianen", "iers", "eurs", "ezen", "lingen", "anten", "enten",
    "ieten", "oten", "genoten", "aren", "ster", "sters", "trice", "trices", "loos", "lozen", "ers'",
    "er", "aar", "ist", "icus", "ant", "ent", "ling", "eur", "iet", "ees", "aan", "iaan", "ier",
)
NOT_PERSON_WORDS: frozenset[str] = frozenset(
    "computers nummers posters flyers papers cijfers letters kamers containers kelders "
    "documenten elementen momenten argumenten instrumenten accenten procenten cementen talenten "
    "planten kanten restauranten olifanten diamanten kranten "
    "weer meer zeer der hier ander over onder water winter zomer nummer computer poster letter kamer "
    "lekker zuiver wakker later eerder minder verder beter weder eer heer peer keer veer leer "
    "tijd huiswerk taart pizza examen onkruid virus bank fastfood kolencentrales "
    "eten avond jaar paar maar daar waar naar haar klaar gevaar aanwezigheid "
    "want kant tand hand land stand krant bent went stent talent moment argument event "
    "liter meter kilometer centimeter theater filter folder dossier papier plezier manier kwartier "
    "vizier bier dier vier hier plezier sfeer ideaal ideeen kaart kaarten lijst lijsten kisten "
    "lessen vragen dagen lagen wegen tassen fietsen brieven hokken spullen zaken dingen auto's "
    "liedjes boeken films series games planten bloemen bomen dieren".split()
)

# --------------------------------------------------------------------------------------------------
# Function words and adverbs used to split glued words ("gewoonvermoorden", "zijnongedierte")
# --------------------------------------------------------------------------------------------------

GLUE_WORDS: frozenset[str] = frozenset(
    "een die de het dat deze dit zijn is was waren ben bent zal zou ga gaan echt gewoon heel zo zulke "
    "enorme enorm absolute absoluut totale totaal allemaal alle al jij je ze zij wij we ik hun hen hem haar "
    "voor van met op in aan naar om te toch maar nog wel ook altijd nooit niet geen even eens super mega "
    "stomme vuile vieze smerige gore klote vet best erg zeer".split()
)

# Chat spellings of function words, read as the words they stand for (an unknown word only: "mn" is not a known word,
# "zn" is a possessive of its own)
CHAT_WORDS: dict[str, str] = {
    "gwn": "gewoon", "gewn": "gewoon", "gwoon": "gewoon", "mn": "mijn", "nie": "niet", "nt": "niet", "ff": "even",
    "wa": "wat", "tog": "toch", "wrm": "waarom", "mss": "misschien", "idd": "inderdaad", "iig": "in ieder geval",
    "kga": "ik ga", "kwil": "ik wil", "kzal": "ik zal", "khaat": "ik haat", "kben": "ik ben", "kheb": "ik heb",
    "kweet": "ik weet", "kzweer": "ik zweer", "kmaak": "ik maak", "ofzo": "of zo", "egt": "echt", "ech": "echt",
}

# Leet-speak substitutions tried inside words that also contain letters.
LEET: dict[str, str] = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                        "@": "a", "$": "s", "€": "e", "!": "i", "|": "l", "+": "t"}
LEET_ALT: dict[str, str] = {"1": "l", "|": "i", "!": "l", "9": "q"}


# an attribute is either strong or weak, never both
CLASSES["NEG_ATTR"] = (CLASSES["NEG_ATTR"][0],
                       tuple(w for w in CLASSES["NEG_ATTR"][1] if w not in set(CLASSES["NEG_ATTR_WEAK"][1])))
