"""A deterministic generator of a Telegram-like Dutch corpus for the scan benchmark.

The corpus imitates what doxwacht reads: group-chat messages and forwarded posts, mostly short
(20-200 characters), some medium, some long (500-3000 characters: forwarded news, long rants).
About 12% of the messages contain personal data (phone numbers in many formats, addresses with
postcodes, licence plates, e-mail addresses, IBANs, BSNs, names, dates of birth, handles,
coordinates, IP addresses); the rest is ordinary chat and news text full of numbers that are NOT
personal data (amounts, times, dates, order and tracking numbers, scores, percentages).

All templates and word lists are written for this benchmark. The output is a pure function of
(seed, size): the same seed gives the same messages in the same order, and a smaller corpus is a
prefix of a larger one, so "the first 2 MB" of a 20 MB corpus is the 2 MB corpus.

    python bench/corpus.py --mb 20 --out corpus.jsonl      # {"id", "date", "pii", "text"} per line
    python bench/corpus.py --mb 0.01 --sample 20           # print 20 messages
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

DEFAULT_SEED = 20240611
PII_RATE = 0.12

# --------------------------------------------------------------------------------------------------
# word lists

FIRST_NAMES = (
    "Jan Piet Kees Henk Willem Sander Bas Ruben Daan Sem Lucas Finn Thijs Jesse Niels Joris Maarten "
    "Gert-Jan Jeroen Erik Mark Wouter Koen Stijn Tim Tom Rik Bram Lars Milan Youssef Mohamed Ahmed "
    "Sanne Anouk Lotte Fleur Emma Julia Sophie Lisa Eva Iris Femke Marloes Esther Ingrid Annemiek "
    "Petra Monique Linda Sandra Yvonne Naima Fatima Samira Priya Chantal Kim Noa Tess Zoë Mila "
    "Anne-Marie Hendrika Geert Arjen Dirk Hans Frank Ronald Mireille Jolanda Karin Wilma Ria"
).split()

SURNAMES = (
    "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijkstra Kok "
    "Jacobs Vermeulen Willems Hoekstra Koster Prins Blom Huisman Kuipers Veenstra Post Schouten "
    "Wouters Verhoeven Kramer Timmermans Groen Gerritsen Maas Verbeek Lammers Scholten Postma "
    "Hermans Schipper Evers Bulut Yilmaz Amrani Bouzid Ramdin Tjon Wijnaldum Oosterhuis Zwart "
    "Driessen Molenaar Ruiter Brinkman Hofman Kaya Lubbers Boersma Wijers Claassen"
).split()

PARTICLES = ("de", "van", "van der", "van den", "van de", "de", "ter", "ten", "in 't", "van 't")
PARTICLE_SURNAMES = (
    "Vries Jong Boer Berg Dijk Graaf Wit Bruijn Groot Leeuwen Vliet Heuvel Linden Wal Meer Laan "
    "Beek Broek Haar Horst Velde Zanden Kamp Brink Veen Hoeven Pol Klerk Haan Lange"
).split()

CITIES = (
    "Amsterdam Rotterdam Utrecht Den-Haag Eindhoven Groningen Tilburg Almere Breda Nijmegen Apeldoorn "
    "Haarlem Arnhem Enschede Amersfoort Zaandam Zwolle Leiden Maastricht Dordrecht Zoetermeer "
    "Ede Delft Deventer Leeuwarden Alkmaar Hilversum Emmen Venlo Helmond Purmerend Roosendaal "
    "Schiedam Vlaardingen Spijkenisse Gouda Hoorn Lelystad Assen Veenendaal Zeist Kampen Sneek "
    "Middelburg Vlissingen Terneuzen Heerlen Sittard Roermond Oss Uden Harderwijk Doetinchem "
    "Wageningen Bussum Weesp Culemborg Tiel Meppel Hoogeveen Drachten Heerenveen Katwijk Lisse"
).split()
CITIES = [c.replace("-", " ") for c in CITIES]

STREET_ROOTS = (
    "Kerk Molen Dorps School Stations Hoofd Markt Haven Zuider Noorder Ooster Wester Linden Eiken "
    "Beuken Berken Wilgen Populieren Rozen Tulpen Seringen Meidoorn Vogel Merel Lijster Kievit "
    "Zwaluw Reiger Spoor Kanaal Dijk Polder Weide Akker Bosch Heide Beatrix Juliana Wilhelmina "
    "Oranje Nassau Rembrandt Vondel Bilderdijk Thorbecke Prins-Hendrik Emma Koning Burgemeester-Smit "
    "Sint-Jans Pieter-de-Hooch Jan-Steen Van-Goghs Mozart Chopin Esdoorn Hazelaar Lavendel"
).split()
STREET_SUFFIXES = (
    ("straat", 10), ("weg", 6), ("laan", 6), ("plein", 2), ("singel", 2), ("gracht", 1), ("kade", 2),
    ("hof", 2), ("dreef", 1), ("pad", 1), ("steeg", 1), ("park", 1), ("ring", 1), ("dijk", 1),
)

EMAIL_DOMAINS = (
    "gmail.com", "hotmail.com", "outlook.com", "live.nl", "ziggo.nl", "kpnmail.nl", "xs4all.nl",
    "planet.nl", "icloud.com", "yahoo.com", "protonmail.com", "home.nl", "casema.nl",
)
BANKS = ("ABNA", "RABO", "INGB", "TRIO", "SNSB", "ASNB", "KNAB", "BUNQ", "RBRB")
MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
MONTHS_SHORT = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()
WEEKDAYS = "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split()
EMOJI = ("😂", "🤣", "👍", "🙏", "🔥", "😡", "🤡", "👀", "💯", "😅", "🙈", "❤️", "🇳🇱", "😭", "🤔", "👏")
SHOPS = ("bol", "coolblue", "de Action", "Albert Heijn", "Jumbo", "Lidl", "Kruidvat", "de Hema", "Zalando")
NEWS_SITES = ("nos.nl", "nu.nl", "ad.nl", "telegraaf.nl", "rtlnieuws.nl", "volkskrant.nl", "omroepbrabant.nl")
PUBLIC_FIGURES = (
    "minister Van der Berg", "premier Schoof", "burgemeester Halsema", "Wilders", "Timmermans",
    "staatssecretaris De Groot", "wethouder Bakker", "Max Verstappen", "Erik ten Hag",
)
TOPICS = (
    "stikstof", "de woningmarkt", "de energieprijzen", "het asielbeleid", "de zorgpremie",
    "de formatie", "de boerenprotesten", "het klimaatakkoord", "de inflatie", "de huurprijzen",
    "het onderwijs", "de NS", "de belastingdienst", "de toeslagen", "de vaccinaties",
)
PLACES = ("het Malieveld", "de A12", "het Binnenhof", "de Dam", "het stadhuis", "de Coolsingel", "het station")

CONSONANTS = "BDFGHJKLNPRSTVXZ"
PLATE_SIDECODES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL",
    "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
)
MOBILE_FORMATS = (
    "06{8}", "06-{8}", "06 {8}", "06-{4} {4}", "06 {2} {2} {2} {2}", "06-{2} {2} {2} {2}",
    "06-{3} {3} {2}", "+316{8}", "+31 6 {8}", "+31 6 {2} {2} {2} {2}", "+31 (0)6 {8}", "+31(0)6-{8}",
    "0031 6 {8}", "0031-6-{8}", "06.{2}.{2}.{2}.{2}", "(06) {8}", "+31 6-{4}-{4}",
)
AREA_3 = ("010", "013", "015", "020", "023", "024", "026", "030", "033", "035", "036", "038", "040",
          "043", "045", "046", "050", "053", "055", "058", "070", "071", "072", "073", "074", "075",
          "076", "077", "078", "079")
AREA_4 = ("0111", "0113", "0162", "0172", "0180", "0184", "0229", "0251", "0294", "0314", "0318",
          "0341", "0413", "0478", "0485", "0493", "0511", "0513", "0522", "0546", "0570", "0592")


# --------------------------------------------------------------------------------------------------
# slot fillers: personal data


def _digits(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def first_name(r: random.Random) -> str:
    return r.choice(FIRST_NAMES)


def surname(r: random.Random) -> str:
    if r.random() < 0.35:
        return f"{r.choice(PARTICLES)} {r.choice(PARTICLE_SURNAMES)}"
    return r.choice(SURNAMES)


def full_name(r: random.Random) -> str:
    x = r.random()
    if x < 0.12:  # initials
        initials = "".join(f"{c}." for c in r.sample("ABCDEFGHIJKLMNPRSTW", r.randint(1, 3)))
        return f"{initials} {surname(r)}"
    return f"{first_name(r)} {surname(r)}"


def mobile(r: random.Random) -> str:
    fmt = r.choice(MOBILE_FORMATS)
    digits = str(r.randint(1, 5)) + _digits(r, 7)
    out: list[str] = []
    i = 0
    for part in re.split(r"(\{\d\})", fmt):
        if part.startswith("{"):
            n = int(part[1])
            out.append(digits[i:i + n])
            i += n
        else:
            out.append(part)
    return "".join(out)


def landline(r: random.Random) -> str:
    if r.random() < 0.6:
        area, sub = r.choice(AREA_3), str(r.randint(2, 9)) + _digits(r, 6)
    else:
        area, sub = r.choice(AREA_4), str(r.randint(2, 9)) + _digits(r, 5)
    x = r.random()
    if x < 0.3:
        return f"{area}-{sub}"
    if x < 0.5:
        return f"{area} {sub}"
    if x < 0.65:
        return f"({area}) {sub[:3]} {sub[3:]}"
    if x < 0.8:
        return f"+31 {area[1:]} {sub}"
    return f"{area}{sub}"


def phone(r: random.Random) -> str:
    return mobile(r) if r.random() < 0.75 else landline(r)


def postcode(r: random.Random) -> str:
    while True:
        letters = r.choice("ABCDEGHJKLMNPRSTVWXZ") + r.choice("ABCDEGHJKLMNPRSTVWXZ")
        if letters not in ("SA", "SD", "SS"):
            break
    num = str(r.randint(1000, 9999))
    x = r.random()
    if x < 0.6:
        return f"{num} {letters}"
    if x < 0.9:
        return f"{num}{letters}"
    return f"{num} {letters.lower()}"


def street(r: random.Random) -> str:
    root = r.choice(STREET_ROOTS).replace("-", " ")
    suffix = r.choices([s for s, _ in STREET_SUFFIXES], weights=[w for _, w in STREET_SUFFIXES])[0]
    if " " in root:
        return f"{root}{suffix}" if r.random() < 0.5 else f"{root} {suffix}"
    return f"{root}{suffix}"


def house_number(r: random.Random) -> str:
    n = str(int(r.expovariate(1 / 40)) + 1)
    x = r.random()
    if x < 0.12:
        return n + r.choice("abcd")
    if x < 0.18:
        return f"{n}-{r.choice(['1', '2', 'bis', 'A', 'hs'])}"
    if x < 0.22:
        return f"{n} {r.choice(['I', 'II', 'III', 'bis', 'zw'])}"
    return n


def address(r: random.Random) -> str:
    x = r.random()
    st, nr = street(r), house_number(r)
    if x < 0.45:
        return f"{st} {nr}, {postcode(r)} {r.choice(CITIES)}"
    if x < 0.65:
        return f"{st} {nr} {postcode(r)} {r.choice(CITIES).upper() if r.random() < 0.3 else r.choice(CITIES)}"
    if x < 0.85:
        return f"{st} {nr} in {r.choice(CITIES)}"
    return f"{st} {nr}"


def plate(r: random.Random) -> str:
    code = r.choice(PLATE_SIDECODES)
    out = "".join(
        r.choice(CONSONANTS) if c == "L" else str(r.randint(0, 9)) if c == "D" else c for c in code
    )
    if r.random() < 0.15:
        out = out.replace("-", "")
    return out if r.random() > 0.1 else out.lower()


def email(r: random.Random) -> str:
    fn, sn = first_name(r).lower(), r.choice(SURNAMES + PARTICLE_SURNAMES).lower()
    x = r.random()
    local = (
        f"{fn}.{sn}" if x < 0.4 else f"{fn[0]}{sn}" if x < 0.6 else f"{fn}{r.randint(1, 99)}"
        if x < 0.8 else f"{fn}_{sn}{r.randint(70, 99)}"
    )
    return f"{local}@{r.choice(EMAIL_DOMAINS)}"


def _mod97(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban(r: random.Random) -> str:
    while True:  # a Dutch account number passes the 11-test
        account = _digits(r, 10)
        if sum(int(d) * w for d, w in zip(account, range(10, 0, -1))) % 11 == 0:
            break
    bban = r.choice(BANKS) + account
    check = 98 - _mod97(bban + "NL00")
    compact = f"NL{check:02d}{bban}"
    if r.random() < 0.55:
        return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    return compact if r.random() < 0.85 else compact.lower()


def bsn(r: random.Random) -> str:
    while True:
        d = _digits(r, 8)
        total = sum(int(c) * w for c, w in zip(d, range(9, 1, -1)))
        last = total % 11
        if last < 10 and d[0] != "0":
            s = d + str(last)
            return s if r.random() < 0.8 else f"{s[:4]}.{s[4:6]}.{s[6:]}"


def birth_date(r: random.Random) -> str:
    y, m, d = r.randint(1945, 2008), r.randint(1, 12), r.randint(1, 28)
    x = r.random()
    if x < 0.35:
        return f"{d:02d}-{m:02d}-{y}"
    if x < 0.55:
        return f"{d} {MONTHS[m - 1]} {y}"
    if x < 0.7:
        return f"{d}/{m}/{y}"
    if x < 0.8:
        return f"{y}-{m:02d}-{d:02d}"
    if x < 0.9:
        return f"{d}-{m}-{y}"
    return f"{d:02d}.{m:02d}.{y}"


def handle(r: random.Random) -> str:
    fn, sn = first_name(r).lower().replace("-", ""), r.choice(SURNAMES).lower()
    x = r.random()
    h = f"{fn}{sn}" if x < 0.3 else f"{fn}_{r.randint(1, 999)}" if x < 0.6 else f"{sn}{fn[:1]}{r.randint(70, 99)}"
    return "@" + h


def coordinate(r: random.Random) -> str:
    lat, lon = r.uniform(50.8, 53.4), r.uniform(3.5, 7.1)
    return f"{lat:.5f}, {lon:.5f}" if r.random() < 0.7 else f"{lat:.6f},{lon:.6f}"


def ip_address(r: random.Random) -> str:
    if r.random() < 0.85:
        return f"{r.choice([77, 80, 81, 82, 84, 85, 86, 89, 145, 178, 188, 212, 213, 217])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    return f"2a02:a4{r.randint(10, 99)}:{r.randint(0x1000, 0xffff):x}:0:{r.randint(1, 0xffff):x}::{r.randint(1, 0xff):x}"


def age(r: random.Random) -> str:
    return str(r.randint(16, 78))


# --------------------------------------------------------------------------------------------------
# slot fillers: numbers that are not personal data


def amount(r: random.Random) -> str:
    euros = int(r.expovariate(1 / 60)) + 1
    cents = r.choice([0, 0, 0, 50, 95, 99, 49, 25, r.randint(1, 99)])
    x = r.random()
    big = f"{euros:,}".replace(",", ".")
    if x < 0.3:
        return f"€{big},{cents:02d}"
    if x < 0.5:
        return f"€ {big},-"
    if x < 0.7:
        return f"{big} euro"
    if x < 0.8:
        return f"{euros},{cents:02d} eur"
    return f"€{euros}"


def big_amount(r: random.Random) -> str:
    x = r.random()
    if x < 0.4:
        return f"{r.randint(2, 950)} miljoen euro"
    if x < 0.6:
        return f"{r.randint(1, 40)},{r.randint(1, 9)} miljard euro"
    return f"€ {r.randint(10, 999)}.{r.randint(0, 999):03d}"


def time_of_day(r: random.Random) -> str:
    h, m = r.randint(6, 23), r.choice([0, 0, 15, 30, 45, 5, 10, 20, 40, 50])
    x = r.random()
    if x < 0.5:
        return f"{h:02d}:{m:02d}"
    if x < 0.7:
        return f"{h}.{m:02d}"
    if x < 0.85:
        return f"{h % 12 or 12} uur"
    return f"half {r.randint(1, 12)}"


def event_date(r: random.Random) -> str:
    y, m, d = r.choice([2023, 2024, 2024, 2025]), r.randint(1, 12), r.randint(1, 28)
    x = r.random()
    if x < 0.35:
        return f"{d} {MONTHS[m - 1]}"
    if x < 0.55:
        return f"{r.choice(WEEKDAYS)} {d} {MONTHS_SHORT[m - 1]}"
    if x < 0.75:
        return f"{d}-{m}-{y}"
    if x < 0.85:
        return f"{d}/{m}"
    return f"{d} {MONTHS[m - 1]} {y}"


def order_number(r: random.Random) -> str:
    x = r.random()
    if x < 0.25:
        return _digits(r, 10)
    if x < 0.45:
        return f"{r.randint(1000, 9999)}-{_digits(r, 4)}-{_digits(r, 3)}"
    if x < 0.6:
        return f"#{r.randint(10000, 999999)}"
    if x < 0.8:
        return f"3S{''.join(r.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(4))}{_digits(r, 9)}"
    return f"{r.choice(['NL', 'BE', 'DE'])}{_digits(r, 3)}{r.choice('ABCDEFGH')}{_digits(r, 5)}"


def invoice_number(r: random.Random) -> str:
    return f"{r.choice([2023, 2024, 2025])}-{r.randint(1, 99999):05d}"


def kvk(r: random.Random) -> str:
    return _digits(r, 8)


def percentage(r: random.Random) -> str:
    x = r.random()
    if x < 0.5:
        return f"{r.randint(1, 99)}%"
    if x < 0.8:
        return f"{r.randint(0, 40)},{r.randint(0, 9)} procent"
    return f"{r.randint(1, 99)},{r.randint(0, 9)}%"


def count(r: random.Random) -> str:
    return str(int(r.expovariate(1 / 300)) + 2)


def big_count(r: random.Random) -> str:
    n = r.randint(1_000, 2_500_000)
    return f"{n:,}".replace(",", ".")


def score(r: random.Random) -> str:
    return f"{r.randint(0, 5)}-{r.randint(0, 4)}"


def year(r: random.Random) -> str:
    return str(r.randint(1990, 2030))


def distance(r: random.Random) -> str:
    return r.choice([f"{r.randint(1, 250)} km", f"{r.randint(2, 900)} meter", f"{r.randint(1, 40)},{r.randint(1, 9)} km"])


def temperature(r: random.Random) -> str:
    return f"{r.randint(-8, 36)} graden"


def version(r: random.Random) -> str:
    return f"{r.randint(1, 17)}.{r.randint(0, 9)}.{r.randint(0, 20)}"


def article_url(r: random.Random) -> str:
    slug = "-".join(r.choice(NEWS_WORDS) for _ in range(r.randint(3, 7)))
    site = r.choice(NEWS_SITES)
    if site == "nos.nl":
        return f"https://nos.nl/artikel/{r.randint(2400000, 2560000)}-{slug}"
    return f"https://www.{site}/{r.choice(['nieuws', 'binnenland', 'politiek', 'regio', 'economie'])}/{slug}~a{r.randint(10**7, 10**8)}/"


NEWS_WORDS = (
    "kabinet wil extra geld voor woningbouw boeren protesteren opnieuw in den haag politie houdt "
    "verdachte aan na steekpartij gemeente sluit pand na drugsvondst prijzen stijgen harder dan "
    "verwacht storing bij ns treinverkeer ligt plat brand verwoest boerderij demonstratie loopt uit "
    "de hand"
).split()

SLOTS: dict[str, Callable[[random.Random], str]] = {
    "first": first_name, "name": full_name, "surname": surname, "phone": phone, "mobile": mobile,
    "landline": landline, "postcode": postcode, "street": street, "nr": house_number, "address": address,
    "plate": plate, "email": email, "iban": iban, "bsn": bsn, "dob": birth_date, "handle": handle,
    "geo": coordinate, "ip": ip_address, "age": age,
    "amount": amount, "bigamount": big_amount, "time": time_of_day, "date": event_date,
    "order": order_number, "invoice": invoice_number, "kvk": kvk, "pct": percentage, "n": count,
    "bign": big_count, "few": lambda r: str(r.randint(2, 60)), "score": score, "year": year, "dist": distance, "temp": temperature,
    "version": version, "url": article_url,
    "city": lambda r: r.choice(CITIES), "emoji": lambda r: r.choice(EMOJI), "shop": lambda r: r.choice(SHOPS),
    "figure": lambda r: r.choice(PUBLIC_FIGURES), "topic": lambda r: r.choice(TOPICS),
    "place": lambda r: r.choice(PLACES), "day": lambda r: r.choice(WEEKDAYS),
    "month": lambda r: r.choice(MONTHS),
}

# --------------------------------------------------------------------------------------------------
# templates

CHAT = """\
haha ja precies
ok
top, dank je!
wie gaat er {day} mee?
ik ben er om {time}
lol {emoji}
dit slaat echt nergens op {emoji}
eens
wat een circus weer in Den Haag
heeft iemand de uitzending van gisteren gezien?
ik zit nog in de trein, ben er rond {time}
kost nu {amount} bij de {shop}, was vorige week nog {amount}
mijn pakketje komt maar niet, trackcode {order}
bestelnummer {order}, al {few} dagen onderweg
wie heeft er nog een kaartje over voor {day}?
{score} gewonnen vanavond {emoji}
het is hier {temp} en ik zit zonder airco
volgens mij is het om {time} afgelopen
lees dit even {url}
{url}
bron: {url}
zie {url} {emoji}
dit gaat over {topic}, iedereen moet dit lezen
ik heb {amount} betaald voor een kapotte fiets pfff
de huur gaat weer {pct} omhoog per {date}
nog {n} leden erbij deze week, welkom allemaal
welkom in de groep! lees even de regels in het vastgezette bericht
geen spam hier aub, anders ban
admin kan je dit bericht verwijderen?
wanneer is de volgende meeting? {date} om {time}?
verzamelen op {place} om {time}
er staan al {n} man bij {place}
politie is er nu ook, {few} busjes
ik rijd er {dist} voor om maar het is het waard
heb factuur {invoice} gekregen van {amount}, klopt dat wel?
hun kvk nummer is {kvk}, gewoon een bv uit {city}
update {version} van de app is eruit, werkt weer
dit is al de {few}e keer dit jaar
ik stem gewoon niet meer
jullie zijn allemaal gek geworden
gewoon doen joh
morgen weer een dag
goedemorgen allemaal {emoji}
slaap lekker
hahahaha {emoji}{emoji}
klopt niet wat je zegt, kijk maar naar de cijfers van {year}
in {year} was het nog {pct}, nu al {pct}
{figure} heeft het weer verkloot
wat vinden jullie van {topic}?
typisch weer {figure} {emoji}
er rijden vanaf {time} geen treinen tussen {city} en {city}
de bus van {time} is weer niet gekomen
{bign} views in een dag, niet normaal
nieuwe video staat online, {few} minuten, kijken!
kan iemand dit vertalen?
screenshot maken voordat het verwijderd wordt
dit account is al {few} keer geband
ik heb het doorgestuurd naar {n} groepen
wie woont er in de buurt van {city}?
is er iemand uit {city} hier?
{city} represent {emoji}
ik sta op {dist} van de snelweg, file tot {time}
de winkel gaat om {time} dicht, dus schiet op
""".splitlines()

NEWS = """\
{figure} zei {day} dat het kabinet {bigamount} uittrekt voor {topic}.
Volgens het CBS steeg de inflatie in {month} met {pct} ten opzichte van een jaar eerder.
Bij een brand in een woning in {city} zijn {day}nacht {n} mensen geëvacueerd.
De politie heeft {day} een {age}-jarige man uit {city} aangehouden op verdenking van mishandeling.
Het incident gebeurde rond {time} op {place}.
Op de A{few} ontstond in de ochtendspits een file van {dist}.
De gemeente {city} trekt {bigamount} uit voor nieuwe woningen; in {year} moeten er {bign} klaar zijn.
De demonstratie op {place} trok volgens de organisatie {bign} mensen, de politie houdt het op {bign}.
Het KNMI verwacht {day} temperaturen tot {temp}.
In de Tweede Kamer werd {day} urenlang gedebatteerd over {topic}.
{figure} wil dat er voor {date} duidelijkheid komt over {topic}.
De zorgpremie stijgt volgend jaar met gemiddeld {amount} per maand.
Ruim {pct} van de ondervraagden zegt weinig vertrouwen te hebben in de politiek.
De wedstrijd eindigde in {score}; de thuisploeg speelde de laatste {few} minuten met tien man.
Het Openbaar Ministerie eist {few} maanden cel tegen de verdachte.
De rechtbank in {city} doet op {date} uitspraak.
Het onderzoek loopt nog, meldt een woordvoerder van de politie.
Getuigen worden verzocht contact op te nemen met de politie via 0900-8844.
Wie iets gezien heeft kan anoniem bellen met Meld Misdaad Anoniem, 0800-7000.
Lees het hele artikel op {url}
De prijs van een liter benzine kwam {day} uit op {amount}.
In {year} werden {bign} woningen verkocht, {pct} minder dan het jaar ervoor.
Het treinverkeer tussen {city} en {city} ligt tot {time} plat door een storing.
Ongeveer {bign} huishoudens zaten {day} urenlang zonder stroom.
De boeren verzamelen zich vanaf {time} bij het provinciehuis in {city}.
{figure} noemt het plan "onuitvoerbaar" en wil een nieuw debat.
Het bedrijf, ingeschreven onder KvK-nummer {kvk}, is inmiddels failliet verklaard.
Volgens de notulen van {date} is er {bigamount} overgemaakt.
De stemming is uitgesteld tot {day} {date}.
In totaal werden {n} boetes uitgeschreven, samen goed voor {amount}.
""".splitlines()

RANT = """\
Ik ben het echt spuugzat.
Niemand luistert meer naar de gewone burger.
Ze doen maar wat daar in Den Haag en wij mogen het betalen.
Dit moet iedereen weten, deel het zoveel mogelijk!
Laat ze maar voelen dat we er zijn.
Het wordt tijd dat er iets gebeurt.
Ik zeg niet dat je iets moet doen, maar je weet genoeg.
Zoek het zelf maar uit, de informatie is er allemaal.
We laten ons niet meer wegzetten als wappies.
De media vertellen je dit natuurlijk niet.
Ga zelf maar kijken als je me niet gelooft.
Het is een schande hoe er met ons omgegaan wordt.
""".splitlines()

FORWARD_HEADERS = (
    "Doorgestuurd van {city} Nieuws", "Forwarded from Nieuwskanaal NL", "Doorgestuurd van {figure} Updates",
    "🔴 BREAKING", "⚠️ LET OP", "📢 Belangrijk bericht", "UPDATE {time}",
)

# personal data, as a doxing message would carry it
PII = """\
bel hem gewoon op {phone}
zijn nummer is {phone}
haar 06: {mobile}
nummer van die gast: {phone} {emoji}
dit is z'n whatsapp {mobile}
hij woont op de {address}
adres: {address}
ze woont hier: {address} {emoji}
{name}, {address}
{name} woont op {street} {nr} in {city}
naam: {name}, tel: {phone}
{name} ({age}) uit {city}
dit is {name}, geboren {dob}
geb. {dob}, woonachtig te {city}
geboortedatum: {dob}
{name}, geboren op {dob} in {city}
kenteken van zijn auto: {plate}
hij rijdt in een zwarte golf, {plate}
rijdt rond in een witte bus met kenteken {plate}
z'n kenteken is {plate}, parkeert altijd voor de deur
mail haar maar: {email}
e-mail: {email}
zijn mail is {email}, spam hem maar vol
stuur maar naar {email} of bel {phone}
rekeningnummer {iban} t.n.v. {name}
maak het over naar {iban}
iban: {iban}
zijn bsn is {bsn} lol
BSN {bsn}
volg haar op {handle}
haar insta is {handle}
dat is {handle}, woont in {city}
locatie: {geo}
hier staat zijn huis {geo}
zijn ip-adres is {ip}
ip: {ip} (provider ziggo)
postcode {postcode}, huisnummer {nr}
{postcode} {nr}
{name} - {phone} - {email}
""".splitlines()

PII_BLOCK = (
    "Naam: {name}\nAdres: {address}\nTel: {phone}",
    "{name}\n{street} {nr}\n{postcode} {city}\n{phone}",
    "naam: {name}\ngeb: {dob}\nadres: {address}\nkenteken: {plate}",
    "NAAM: {name}\nWOONPLAATS: {city}\nTELEFOON: {phone}\nEMAIL: {email}",
    "👤 {name}\n📍 {address}\n📞 {phone}\n🚗 {plate}",
    "{name} ({dob})\n{address}\nIBAN {iban}",
)

PII_LEAD = (
    "Dit is die journalist die over ons schreef.",
    "Hier zijn gegevens van die wethouder, doe ermee wat je wilt.",
    "Deze agent stond gisteren bij de blokkade.",
    "Die vrouw van het artikel, ik heb haar gevonden.",
    "Weet iemand meer over deze persoon?",
    "Hier woont die gast van de video.",
    "Het is tijd dat ze weten waar hij woont.",
    "Voor wie hem nog wil spreken:",
    "Gevonden via zijn LinkedIn en het kadaster.",
)

_SLOT = re.compile(r"\{(\w+)\}")


class CorpusGenerator:
    """Messages as dicts `{"id", "date", "pii", "text"}`; deterministic for a seed."""

    def __init__(self, seed: int = DEFAULT_SEED, pii_rate: float = PII_RATE) -> None:
        self.r = random.Random(seed)
        self.pii_rate = pii_rate
        self._clock = datetime(2024, 3, 1, 7, 0, 0)

    def fill(self, template: str) -> str:
        r = self.r
        return _SLOT.sub(lambda m: SLOTS[m.group(1)](r), template)

    def _chat_line(self) -> str:
        s = self.fill(self.r.choice(CHAT))
        x = self.r.random()
        if x < 0.15:
            s = s[:1].upper() + s[1:]
        elif x < 0.2:
            s = s + " " + self.r.choice(EMOJI)
        return s

    def _target_length(self) -> int:
        x = self.r.random()
        if x < 0.06:
            return self.r.randint(2, 19)
        if x < 0.8:
            return int(min(200, 20 + self.r.expovariate(1 / 55)))
        if x < 0.92:
            return self.r.randint(200, 500)
        return int(min(3000, 500 + self.r.expovariate(1 / 700)))

    def _body(self, target: int) -> str:
        r = self.r
        if target < 200:
            parts = [self._chat_line()]
            while len(" ".join(parts)) < target and r.random() < 0.7:
                parts.append(self._chat_line())
            return r.choice([" ", "\n", ". "]).join(parts)
        # medium and long: a forwarded news post, a rant, or a long chat message
        kind = r.random()
        paragraphs: list[str] = []
        if kind < 0.5:
            if r.random() < 0.6:
                paragraphs.append(self.fill(r.choice(FORWARD_HEADERS)))
            pool = NEWS
        elif kind < 0.75:
            pool = RANT + CHAT
        else:
            pool = CHAT + NEWS
        size = sum(len(p) for p in paragraphs)
        while size < target:
            para = " ".join(self.fill(r.choice(pool)) for _ in range(r.randint(1, 4)))
            paragraphs.append(para)
            size += len(para) + 2
        if kind < 0.5 and r.random() < 0.5:
            paragraphs.append(self.fill("{url}"))
        return "\n\n".join(paragraphs)

    def _pii_message(self, target: int) -> str:
        r = self.r
        x = r.random()
        if x < 0.2:
            core = self.fill(r.choice(PII_BLOCK))
            if r.random() < 0.6:
                core = r.choice(PII_LEAD) + "\n" + core
        else:
            core = " ".join(self.fill(r.choice(PII)) for _ in range(r.choices([1, 2, 3], [6, 3, 1])[0]))
            if r.random() < 0.3:
                core = core.lower()
        if target <= len(core) + 10:
            return core
        filler = self._body(max(20, target - len(core)))
        cut = filler.rfind("\n\n", 0, r.randint(0, len(filler))) if "\n\n" in filler else -1
        if cut > 0:
            return filler[:cut] + "\n\n" + core + filler[cut:]
        return core + " " + filler if r.random() < 0.5 else filler + " " + core

    def message(self, i: int) -> dict:
        r = self.r
        target = self._target_length()
        pii = r.random() < self.pii_rate
        text = self._pii_message(target) if pii else self._body(target)
        if not pii and target < 20 and len(text) > 25:
            text = r.choice(["ok", "ja", "nee", "haha", "lol", "👍", "klopt", "dit", "idd", "thx", "?", "wtf"])
        self._clock += timedelta(seconds=int(r.expovariate(1 / 90)) + 1)
        return {"id": i, "date": self._clock.isoformat(), "pii": pii, "text": text}

    def messages(self) -> Iterator[dict]:
        i = 0
        while True:
            yield self.message(i)
            i += 1


def generate(mb: float = 20.0, seed: int = DEFAULT_SEED) -> Iterator[dict]:
    """Messages until their texts reach `mb` megabytes (10**6 bytes of UTF-8); the last message
    is the one that crosses the limit."""
    limit = int(mb * 1_000_000)
    total = 0
    for msg in CorpusGenerator(seed).messages():
        yield msg
        total += len(msg["text"].encode("utf-8"))
        if total >= limit:
            return


def texts(mb: float = 20.0, seed: int = DEFAULT_SEED) -> list[str]:
    return [m["text"] for m in generate(mb, seed)]


def write_jsonl(path: str, mb: float = 20.0, seed: int = DEFAULT_SEED) -> dict:
    """Write the corpus as JSONL; returns its statistics."""
    n = nbytes = npii = 0
    with open(path, "w", encoding="utf-8") as fh:
        for msg in generate(mb, seed):
            fh.write(json.dumps(msg, ensure_ascii=False))
            fh.write("\n")
            n += 1
            nbytes += len(msg["text"].encode("utf-8"))
            npii += msg["pii"]
    return {"messages": n, "bytes": nbytes, "pii_messages": npii}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="size in MB of message text (default 20)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", help="write JSONL here (default: stdout)")
    ap.add_argument("--sample", type=int, help="print this many messages as plain text and stop")
    args = ap.parse_args(argv)
    if args.sample:
        for msg in generate(args.mb, args.seed):
            if msg["id"] >= args.sample:
                break
            print(f"--- #{msg['id']} pii={msg['pii']} len={len(msg['text'])}\n{msg['text']}")
        return 0
    if args.out:
        stats = write_jsonl(args.out, args.mb, args.seed)
        print(json.dumps(stats), file=sys.stderr)
        return 0
    for msg in generate(args.mb, args.seed):
        sys.stdout.write(json.dumps(msg, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
