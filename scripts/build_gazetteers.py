"""Build the name and place gazetteers in src/doxwacht/data/gazetteers/ from permissively licensed
sources served by PyPI, plus curated additions written for this project.

Sources: Faker (MIT licence), providers person/address nl_NL, nl_BE, tr_TR (first names only); the
first names of further person providers (`FOREIGN_FIRST_LOCALES`), less the everyday words of its lorem
providers (`VOCABULARY_LOCALES`), as `foreign_first_names.txt`.
Run: .venv/bin/pip install faker && .venv/bin/python scripts/build_gazetteers.py
The output is committed, so doxwacht does not need Faker at run time.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import faker.providers.address.nl_BE as addr_be
import faker.providers.address.nl_NL as addr_nl
import faker.providers.person.nl_BE as person_be
import faker.providers.person.nl_NL as person_nl
import faker.providers.person.tr_TR as person_tr

from doxwacht.detectors.nl.address import STREET_SUFFIXES
from doxwacht.detectors.nl.gazetteers import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "doxwacht" / "data" / "gazetteers"

# Curated: frequent Dutch first names and names common among Dutch people with a Moroccan, Turkish,
# Surinamese, Antillean or other background, which the Faker lists under-represent.
EXTRA_FIRST = """
Jan Piet Kees Klaas Henk Gerrit Willem Hendrik Johan Johannes Cornelis Pieter Jacob Dirk Arie Bert Ruud Rob
Erik Frank Hans Marco Martijn Jeroen Sander Bas Tom Tim Niels Thijs Sven Koen Bram Daan Lars Joris Wouter
Jasper Stijn Ruben Roel Menno Remco Rik Rick Patrick Dennis Kevin Mike Jeffrey Richard Michel Maarten Rutger
Lisa Anne Sanne Eva Emma Julia Sophie Lotte Fleur Femke Iris Noor Roos Sara Sarah Laura Linda Marieke Marloes
Ingrid Petra Monique Sandra Ellen Esther Karin Wendy Mirjam Saskia Annemiek Janneke Ilse Inge Anouk Kim
Mohammed Mohamed Mohamad Ahmed Ahmet Mustafa Youssef Yousef Youssouf Ayoub Bilal Hamza Ismail Ibrahim Omar
Karim Rachid Said Samir Khalid Hassan Hicham Nordin Soufiane Anass Adam Imran Mehmet Emre Burak Kemal Yusuf
Fatima Fatma Khadija Aicha Aisha Yasmina Yasmine Yasmin Nadia Naima Samira Souad Loubna Imane Ikram Salma
Hanane Hajar Meryem Merve Elif Esra Büşra Zeynep Ayse Ayşe Hatice Emine Derya Sevda Dilara Nisa Lina Malika
Jolanda Rianne Marja Annemarie Wilma Gerda Hennie Jannie Ria Corrie Tineke Anja Mariska Willemijn Floor Roel Gert
Harm Geert Gerard Gijs Teun Wim Wouter Ard Arjen Arjan Marcel Ronald Ronald Edwin Erwin Raymond Rene René Sjoerd
Sietse Sybren Jelle Jelmer Hidde Wessel Mathijs Matthijs Bart Joost Pim Sem Luuk Levi Milan Jesse Finn Gijs
Thomas Lucas Noah Daan Sem Liam Mees Jens Siem Olivier Stefan Vincent Yvonne Astrid Marjolein Margriet Mirjam
Nicole Simone Bianca Manon Daphne Esmee Esmée Fenna Jet Lieke Maud Mila Nina Puck Renske Silke Tess Vera Yara
Zoë Jolien Marleen Carla Els Ellen Hanneke Henriëtte Jacqueline Joke Karin Lia Lies Lotte Margreet Mieke Nel
Petra Riet Tanja Trudy Wendy Wil Willeke Yolanda Gerrie Gerrit Dick Dirk-Jan Jan-Willem Gert-Jan Jan-Peter
Pieter-Jan Klaas-Jan Anne-Marie Anne-Fleur Marie-José Roy Rudi Ruud Sjaak Toon Twan Vincent Wout Youri Yorick
Ayoub Anouar Mounir Nourdin Redouan Tarik Younes Zakaria Ilias Issam Adil Amine Brahim Driss Fouad Jamal Mehdi
Nabil Othman Reda Walid Zineb Siham Sanae Nora Leila Latifa Karima Houda Hafsa Ghizlane Fadoua Dounia Asmae
Sharon Shanice Chantal Natasha Jennifer Priscilla Romano Dwayne Glenn Rayen Shivani Anjali Priya Ravi Rajesh
Aad Aafke Aagje Abe Aart Alwin Anneloes Annet Arend Arnoud Auke Aukje Bauke Beppie Bep Berber Bertus Boudewijn
Bouke Bregje Cees Coby Cor Corné Dineke Dirkje Doutzen Douwe Durk Eelco Eelke Egbert Elske Elze Evert Femmy Fokke
Foppe Freek Frits Froukje Geertje Gerben Gerbrand Gerjan Gijsbert Hannie Harmen Harrie Hein Hendrika Henny Hielke
Hinke Hylke Ieke Ineke Jaap Janine Jannes Janny Jildou Jitske Joop Jop Jorrit Jouke Jurjen Klaasje Koos Krijn
Lammert Leendert Lenie Marten Meindert Minke Nelleke Okke Otto Reinier Reinout Ricky Rienk Rinse Rintje Roelof
Ruurd Sieb Sientje Sietske Sijmen Sjoukje Sjors Sytse Taco Teije Tjeerd Tjitske Toos Truus Tjalling Wiebe Wietske
Willemien Wilco Wijnand Wytske Youp Aziz Anand Ashwin Radjesh Sunil Anil Kavita Sunita Gaitri Soekdew Winston
Marvin Quincy Jermaine Rinaldo Roderick Jerrel Shirley Hamid Hakim Abdel Abdelkader Abdellah Mourad Hakan Serkan
Volkan Tolga Cengiz Sibel Songül Nurten Gökhan Gokhan Storm
""".split()

# Faker locales whose first names Dutch residents with another background often carry. A name from these
# lists that is not also a Dutch first name goes to `foreign_first_names.txt`: the person detector takes it
# as a first name only next to another part of a name ("Oksana Kovalenko", never "Oksana" alone).
# (the larger groups: English first names are common among Dutch people too; Polish, Ghanaian, Nigerian,
# Hindustani, Indonesian, Portuguese and French; a longer list costs start-up time for little gain)
FOREIGN_FIRST_LOCALES = (
    "en_US", "en_GB", "pl_PL", "tw_GH", "yo_NG", "en_IN", "id_ID", "pt_PT", "fr_FR",
    # (twelfth session) the larger groups from the rest of Europe: Romanian, Hungarian, Czech, Slovak, Croatian,
    # Lithuanian, Latvian, German, Italian, Spanish; and Ukrainian, Russian and Bulgarian in Latin letters
    # (`CYRILLIC_LOCALES`): "Andreea Popescu", "Oksana Kovalenko" were no names before
    "ro_RO", "hu_HU", "cs_CZ", "sk_SK", "hr_HR", "lt_LT", "lv_LV", "de_DE", "it_IT", "es_ES",
    "uk_UA", "ru_RU", "bg_BG",
)
# Cyrillic first names as Dutch residents' papers write them: Ukrainian by its national transliteration (2010),
# Russian and Bulgarian by theirs; a letter first in a name is written differently for some ("Yevhen", "Yuliia")
CYRILLIC_LOCALES = {
    "uk_UA": ({"г": "h", "и": "y", "й": "i", "є": "ie", "ї": "i", "ю": "iu", "я": "ia", "х": "kh", "щ": "shch",
               "ь": "", "'": "", "ʼ": "", "’": ""}, {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}),
    "ru_RU": ({"г": "g", "и": "i", "й": "y", "ё": "e", "х": "kh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
               "э": "e", "ю": "yu", "я": "ya"}, {"е": "ye"}),
    "bg_BG": ({"г": "g", "и": "i", "й": "y", "х": "h", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya"}, {}),
}
_CYRILLIC_COMMON = {"а": "a", "б": "b", "в": "v", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "і": "i",
                    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
                    "у": "u", "ф": "f", "ц": "ts", "ч": "ch", "ш": "sh"}
# Word lists (Faker's lorem providers) of everyday Dutch and English words: a foreign first name that is
# one of them ("Will", "Hope", "Mag") is left out.
VOCABULARY_LOCALES = ("nl_NL", "nl_BE", "en_US")

EXTRA_SURNAMES = """
Jong Jansen Vries Berg Dijk Bakker Janssen Visser Smit Meijer Meyer Boer Mulder Groot Bos Vos Peters Hendriks
Leeuwen Dekker Brouwer Wit Dijkstra Smits Graaf Linden Kok Jacobs Haan Vermeulen Heuvel Veen Broek Bruijn
Bruin Heijden Schouten Beek Willems Vliet Ven Hoekstra Maas Verhoeven Koster Prins Blom Huisman Peeters Kuipers
Wal Vermeer Bosch Postma Wijk Kramer Vink Meer Timmermans Ruiter Jonker Hermans Koning Gerritsen Boersma
Molenaar Verbeek Goossens Lambers Scholten Kuiper Veenstra Willemsen Evers Koopman Post Huizinga Dam Verhagen
Wouters Hoogendoorn Gerrits Hofman Mol Roos Hoek Mertens Brink Vliet Schipper Bosman Verschoor Veldman Lange
Amrani Bouzid Boukhari Ouali Haddouchi Yilmaz Kaya Demir Şahin Sahin Çelik Celik Yıldız Yildiz Aydın Aydin
Öztürk Ozturk Arslan Doğan Dogan Kılıç Kilic Aslan Koç Koc Kurt Özdemir Ozdemir Benali Bouali Chaouch Amghar
Azzouzi Bakkali Elmaci Hamdaoui Idrissi Ouahabi Tahiri Ziani Zaoui Ramdin Sewdien Jagesar Kanhai Ramlal
""".split()


# Curated: everyday names of places that the official lists spell differently.
EXTRA_PLACES = [
    "Den Haag", "Den Bosch", "Den Helder", "Den Burg", "Den Ham", "Den Hoorn", "Bergen op Zoom", "Alphen aan den Rijn",
    "Capelle aan den IJssel", "Krimpen aan den IJssel", "Nieuwegein", "Zoetermeer", "Almere", "Lelystad", "Amstelveen",
    "Haarlemmermeer", "Hoofddorp", "Spijkenisse", "Vlaardingen", "Schiedam", "Dordrecht", "Gouda", "Leiden", "Delft",
    "Westland", "Brussel", "Antwerpen", "Gent", "Rijswijk", "Voorburg", "Leidschendam", "Zaandam", "Purmerend",
]


# Curated (written for this project, EUPL-1.2): street names WITHOUT one of the usual suffixes (straat,
# laan, weg, ...; see `STREET_SUFFIXES` in doxwacht/detectors/nl/address.py), which the address
# detector cannot recognise by their shape: well-known streets of the larger Dutch and Flemish towns.
# Names that are everyday words on their own ("Plaats", "Heuvel", "Markt", "Wal", "Drift", "Parade")
# are left out: "plaats 3" is no address. Faker's nl_NL provider has no street list to take these from.
EXTRA_STREETS = """
Spui|Blaak|Westblaak|Damrak|Rokin|Neude|Weena|Stratumseind|Bolwerk|Binnenrotte|Nieuwestad|Oudwijk
Oude Delft|Nieuwe Delft|Spaarne|Meent|Boompjes|Vredenburg|Demer|Voorstreek|Over de Kelders|Lange Poten
Korte Poten|Lange Voorhout|Korte Voorhout|Lange Mare|Nieuwe Rijn|Oude Rijn|Steenschuur|Langebrug|Hogewoerd
Rapenburg|Vijverberg|Lange Vijverberg|Tournooiveld|Smidswater|Koekamp|Meir|Groenplaats|Wijnhaven|Leuvehaven
Oude Haven|Nieuwe Haven|Maashaven|Noordeinde|Oosteinde|Westeinde|Achter Clarenburg|Voor Clarenburg
Lucasbolwerk|Janskerkhof|Pieterskerkhof|Oudkerkhof|Mariaplaats|Ganzenmarkt|Overtoom|Nieuwmarkt|Zeedijk
Nieuwendijk|Haarlemmerdijk|Geldersekade|Prinseneiland|Bickerseiland|Realeneiland|Wittenburg|Kattenburg
Oudezijds Voorburgwal|Oudezijds Achterburgwal|Nieuwezijds Voorburgwal|Kloveniersburgwal|Amstelveld
Achter de Muur|Achter de Kerk|Achter het Stadhuis|Achter de Hoven|Achter de Dom|Voor de Kerk|Onder de Linden
Lange Hezelstraat|Hezelpoort|Grote Berg|Kleine Berg|Vestdijk|Rechtestraat|Kruisstraat|Korte Heuvel
Hinthamereinde|Vughterdijk|Vismarkt|Ossenmarkt|Zuiderdiep|Oosterdiep|Damsterdiep|Noorderhaven
Vrijthof|Wycker Brugstraat|Stokstraat|Boschstraat|Kesselskade|Kruisherengang|Jekerweg
Coolsingel|Lijnbaan|Goudsesingel|Schiedamse Vest|Oostzeedijk|Westzeedijk|Kralingse Plaslaan|Oudegracht
Kromme Nieuwegracht|Wittevrouwenkade|Twijnstraat|Hooigracht|Breestraat|Brink|Welle|Walstraat
Het Rond|De Bongerd|De Hoven|Haadstrjitte|Buorren|Tsjerkebuorren|Dyksterbuurt|Skoalleane|Rinsmawei
Op de Bies|In de Cramer|Aan de Plas|Op de Berg|In de Wolfskoel|Op den Toren|Bokstraat|Gats
"""


def _vocabulary() -> set[str]:
    """Everyday Dutch and English words (Faker's lorem word lists) and the hand-written common words."""
    words: set[str] = set()
    for locale in VOCABULARY_LOCALES:
        provider = importlib.import_module(f"faker.providers.lorem.{locale}").Provider
        words.update(_fold(w) for w in provider.word_list)
    for line in (OUT / "common_words.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return words


def _latin(name: str, table: dict[str, str], initial: dict[str, str]) -> str:
    """A Cyrillic name in Latin letters by a locale's `table` (and `initial`: a name's first letter where it
    differs); a letter in neither stays (and the name is then dropped as not ASCII)."""
    out = []
    for i, ch in enumerate(name.lower()):
        out.append((initial.get(ch) if i == 0 else None) or table.get(ch, _CYRILLIC_COMMON.get(ch, ch)))
    return "".join(out).capitalize()


def _fold(word: str) -> str:
    return fold(word)  # the detectors' own folding, so that lookups find what is written here


def _write(name: str, words: set[str]) -> None:
    path = OUT / name
    path.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{path.relative_to(OUT.parents[3])}: {len(words)} entries")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    first: set[str] = set()
    for provider in (person_nl.Provider, person_be.Provider):
        for attr in ("first_names_male", "first_names_female", "first_names"):
            first.update(_fold(n) for n in getattr(provider, attr, ()) if " " not in n)
    first.update(_fold(n) for n in getattr(person_tr.Provider, "first_names_female", ()) if " " not in n)
    first.update(_fold(n) for n in getattr(person_tr.Provider, "first_names_male", ()) if " " not in n)
    first.update(_fold(n) for n in EXTRA_FIRST)
    surnames: set[str] = set()
    for provider in (person_nl.Provider, person_be.Provider):
        for name in provider.last_names:
            # multi-word entries ("Pieters van der Maes"): keep the final capitalised part
            parts = [p for p in name.replace("-", " ").split() if p[:1].isupper()]
            surnames.update(_fold(p) for p in parts if len(p) > 2)
    surnames.update(_fold(n) for n in EXTRA_SURNAMES)
    places: set[str] = set()
    for provider in (addr_nl.Provider, addr_be.Provider):
        for c in getattr(provider, "cities", ()):
            folded = _fold(c)
            places.add(folded)
            # "Bergen (NH)", "Afferden L", "Alteveer gem Hoogeveen": also the bare name
            base = re.sub(r"\s*\(.*\)$", "", folded)
            base = re.sub(r" gem .*$", "", base)
            base = re.sub(r" [a-z]{1,2}$", "", base)
            places.add(base)
    places.update(_fold(c) for c in EXTRA_PLACES)
    first_out = {n for n in first if len(n) >= 2 and n.isalpha()}
    _write("first_names.txt", first_out)
    vocabulary = _vocabulary()
    foreign: set[str] = set()
    for locale in FOREIGN_FIRST_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names_male", "first_names_female", "first_names"):
            names = [n for n in getattr(provider, attr, ()) if " " not in n]
            if locale in CYRILLIC_LOCALES:
                names = [_latin(n, *CYRILLIC_LOCALES[locale]) for n in names]
            foreign.update(_fold(n) for n in names)
    foreign = {
        n for n in foreign
        if len(n) >= 3 and n.isascii() and n.isalpha() and n not in first_out and n not in vocabulary
        and n not in places and n not in surnames
    }
    _write("foreign_first_names.txt", foreign)
    _write("frequent_surnames.txt", {_fold(n) for n in EXTRA_SURNAMES})
    _write("surnames.txt", {n for n in surnames if n.replace("'", "").isalpha()})
    _write("places.txt", places)
    # one name per line (names hold spaces); street names that HAVE a usual suffix are dropped: the
    # detector finds those by shape anyway
    streets = {_fold(n.strip()) for n in EXTRA_STREETS.replace("\n", "|").split("|") if n.strip()}
    _write("streets.txt", {n for n in streets if not n.endswith(STREET_SUFFIXES)})


if __name__ == "__main__":
    main()
