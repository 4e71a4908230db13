"""The verdict policy: declarative rules that turn facts about a message into a level, a severity and
Dutch reasons, and the criminal-law qualifications with their elements. Validated when loaded.

Facts (computed by `doxwacht.verdict.facts`) are booleans; a rule's ``when`` lists facts that must be true
(``"fact"``) or false (``"!fact"``). The level of a message is the highest level of the rules that fire;
the severity is the sum of their weights plus the modifiers, capped at 100.
"""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("none", "personal_data", "hostile", "doxing")

FACTS: dict[str, str] = {
    "pii": "the message holds personal data of any kind (names included)",
    "locating": "it holds locating or contact data (address, postcode, phone, e-mail, plate, coordinates, "
                "handle, date of birth, BSN, IBAN, IP)",
    "third_party_data": "locating data that belongs to someone else (not self-disclosed, not an organisation)",
    "self_data": "locating data the author discloses about himself ('mijn nummer')",
    "data_of_person": "someone else's locating data said to be a person's ('haar adres', 'hier woont')",
    "org_data": "contact data of an organisation (Postbus, klantenservice, info@, 0800)",
    "person_named": "a named person: a PERSON finding or a watchlist match",
    "full_name": "someone else's given name (or initials) and surname ('Esmee Kuipers', 'M. Brouwer'), not a "
                 "surname with a title alone ('wethouder De Boer') and not the writer's own ('ik ben ...')",
    "press_name": "a given name and the initial of a surname, as the Dutch press names suspects and convicts ('Dennis "
                  "K.', 'de 41-jarige Gerard K. uit Venlo'): someone identifiable to those who know them",
    "threat": "a THREAT hit",
    "incitement": "an INCITEMENT hit",
    "hate": "a HATE hit",
    "sexual": "a SEXUAL_EXPOSURE hit",
    "insult": "an INSULT hit",
    "cta": "a CALL_TO_ACTION hit aimed at a person (visit, find, harass, expose, pillory)",
    "cta_find": "a call to find or identify a person ('wie kent deze agent?', 'wie heeft zijn adres?')",
    "cta_spread": "a call to spread the message",
    "cta_weak": "a weak cue that says why someone's data is shared: an implicit call ('doe er wat mee', 'jullie "
                "weten genoeg'), an accusatory label ('die verkrachter') or a grievance ('die agent die mijn broer "
                "sloeg'); it counts only next to someone else's locating data",
    "target": "someone is targeted: a watchlist match, a role, a named person or the addressee",
    "public_task": "a target has a public task (police, politics, judiciary, press, public service)",
    "watchlist": "a watchlist match",
    "crime_named": "a threat names the crime (killing, assault, rape, arson)",
    "group_target": "hate aimed at a group of people",
    "group_137c": "that group is named by a ground of art. 137c/137d Sr",
    "group_violence": "a threat or incitement against a protected group",
    "insult_person": "an insult or slur aimed at a person",
    "never": "always false (an element that is always for a person to judge)",
    "data_request": "the message asks for someone's data ('wie weet waar hij woont?'); set only where the message "
                    "is hostile (by the rules or the second opinion's hostile_tone)",
    "place_of_person": "the text says where someone (not the writer) works, studies, goes to school or lives "
                       "('werkt bij de Jumbo in Zeist', 'zit op basisschool De Regenboog', 'woont in de Veldstraat')",
    "self_profile": "the writer tells who they are or where they (or their child) work, study or go to school ('ik werk "
                    "bij de Jumbo in Hoogeveen', 'ik ben Fatima, 26, uit Rotterdam'): personal data about themself",
    "benign_tone": "the rules alone would call the message hostile, but the learned second opinion is nearly sure its "
                   "tone is harmless (below its veto threshold): banter, a report, counter-speech; set only then",
    "hostile_locating": "the message is hostile, no doxing rule fired, and the second opinion's doxing expert "
                        "(`SecondOpinion.expert('doxing_in_hostile')`) finds that it tells where or who someone is; "
                        "set only then",
    "data_to_harm": "the message holds someone else's data (or a full name, a place of a person, a request for data), "
                    "the verdict is no more than personal data, and the second opinion's doxing expert "
                    "(`SecondOpinion.expert('doxing_in_data')`) finds the data shared to harm; set only then",
    "hostile_tone": "the learned second opinion (`doxwacht.intent.second_opinion`) finds the tone hostile while "
                    "the rules alone see nothing hostile; set only then",
}

# id, level, severity weight, when, reason (Dutch; {placeholders} are filled from the explanation)
VERDICT_RULES: list[dict] = [
    {"id": "doxing.data_with_threat", "level": "doxing", "weight": 45,
     "when": ["third_party_data", "threat"],
     "reason": "Persoonsgegevens van een ander ({data}) samen met een bedreiging."},
    {"id": "doxing.data_with_incitement", "level": "doxing", "weight": 45,
     "when": ["third_party_data", "incitement"],
     "reason": "Persoonsgegevens van een ander ({data}) samen met opruiing tot geweld."},
    {"id": "doxing.data_with_call", "level": "doxing", "weight": 40,
     "when": ["third_party_data", "cta"],
     "reason": "Persoonsgegevens van een ander ({data}) met een oproep om iets met die persoon te doen."},
    {"id": "doxing.data_with_sexual", "level": "doxing", "weight": 45,
     "when": ["sexual", "third_party_data"],
     "reason": "Seksuele beelden of 'exposen' van een persoon samen met persoonsgegevens ({data})."},
    {"id": "doxing.named_sexual_exposure", "level": "doxing", "weight": 40,
     "when": ["sexual", "person_named"],
     "reason": "Seksuele beelden of 'exposen' van een persoon die met naam wordt genoemd."},
    {"id": "doxing.data_with_spread", "level": "doxing", "weight": 30,
     "when": ["third_party_data", "cta_spread", "target|data_of_person"],
     "reason": "Persoonsgegevens van een ander ({data}) met een oproep ze te verspreiden."},
    {"id": "doxing.data_with_hate", "level": "doxing", "weight": 30,
     "when": ["third_party_data", "hate"],
     "reason": "Persoonsgegevens van een ander ({data}) samen met haatdragende taal."},
    {"id": "doxing.place_with_threat", "level": "doxing", "weight": 40,
     "when": ["place_of_person", "threat|incitement"],
     "reason": "Noemt waar iemand werkt of op school zit, samen met een bedreiging."},
    {"id": "doxing.place_with_call", "level": "doxing", "weight": 35,
     "when": ["place_of_person", "cta|cta_find"],
     "reason": "Noemt waar iemand werkt of op school zit, met een oproep om iets met die persoon te doen."},
    {"id": "doxing.place_with_sexual", "level": "doxing", "weight": 40,
     "when": ["place_of_person", "sexual"],
     "reason": "Seksuele beelden of 'exposen' van een persoon, samen met waar die werkt of op school zit."},
    {"id": "doxing.place_with_hostility", "level": "doxing", "weight": 25,
     "when": ["place_of_person", "insult_person|hate|cta_weak|hostile_tone"],
     "reason": "Noemt waar iemand werkt of op school zit, in een vijandig bericht."},
    {"id": "doxing.data_with_insult", "level": "doxing", "weight": 25,
     "when": ["third_party_data", "insult"],
     "reason": "Persoonsgegevens van een ander ({data}) samen met beledigingen."},
    {"id": "doxing.data_with_implicit_call", "level": "doxing", "weight": 30,
     "when": ["third_party_data", "cta_weak", "data_of_person|target"],
     "reason": "Persoonsgegevens van een ander ({data}) gedeeld met een verkapte oproep, beschuldiging of "
               "wraakmotief ({cta_weak})."},
    {"id": "doxing.public_task_private_data", "level": "doxing", "weight": 30,
     "when": ["third_party_data", "public_task", "person_named|data_of_person"],
     "reason": "Gegevens ({data}) van een persoon met een publieke taak ({public}) gedeeld zonder zakelijke "
               "context; bij agenten, bestuurders, rechters en journalisten is dat vaak doxing."},
    {"id": "doxing.data_with_hostile_tone", "level": "doxing", "weight": 25,
     "when": ["third_party_data", "hostile_tone"],
     "reason": "Persoonsgegevens van een ander ({data}) in een bericht met een vijandige toon volgens het taalmodel "
               "(tweede mening, kans {tone}); geen regel herkende de formulering: laat een mens het beoordelen."},
    {"id": "doxing.find_with_hostile_tone", "level": "doxing", "weight": 25,
     "when": ["data_request", "hostile_tone"],
     "reason": "Vraag naar gegevens van een persoon in een bericht met een vijandige toon volgens het taalmodel "
               "(tweede mening, kans {tone}); geen regel herkende de formulering: laat een mens het beoordelen."},
    {"id": "doxing.named_with_hostility", "level": "doxing", "weight": 25,
     "when": ["full_name", "threat|incitement|sexual|hate|cta|insult|hostile_tone"],
     "reason": "Noemt iemand met voor- en achternaam ({named}) in een vijandig bericht: wie het leest, weet wie "
               "te zoeken."},
    {"id": "doxing.find_with_hostility", "level": "doxing", "weight": 25,
     "when": ["data_request", "threat|incitement|sexual|hate|cta|insult"],
     "reason": "Vraag naar gegevens van een persoon in een vijandig bericht."},
    {"id": "doxing.find_request", "level": "doxing", "weight": 30,
     "when": ["cta_find", "target"],
     "reason": "Oproep om gegevens van een persoon te achterhalen ({target})."},
    {"id": "doxing.hostile_locating", "level": "doxing", "weight": 20, "when": ["hostile_locating"],
     "reason": "Vijandig bericht dat volgens het taalmodel zegt waar of wie iemand is (een vaste plek, werk of "
               "school; tweede mening, kans {doxing_p}); geen regel herkende die gegevens: laat een mens het "
               "beoordelen."},
    {"id": "doxing.data_to_harm", "level": "doxing", "weight": 25, "when": ["data_to_harm"],
     "reason": "Persoonsgegevens van een ander ({pii}) gedeeld op een manier die volgens het taalmodel op doxing "
               "lijkt (tweede mening, kans {doxing_p}); geen regel herkende kwade opzet: laat een mens het "
               "beoordelen."},
    {"id": "hostile.threat", "level": "hostile", "weight": 40, "when": ["threat", "!benign_tone"],
     "reason": "Bedreiging: {threat}."},
    {"id": "hostile.incitement", "level": "hostile", "weight": 35, "when": ["incitement", "!benign_tone"],
     "reason": "Opruiing of oproep tot geweld: {incitement}."},
    {"id": "hostile.sexual", "level": "hostile", "weight": 35, "when": ["sexual", "!benign_tone"],
     "reason": "Delen of vragen van seksuele beelden van iemand ('exposen'): {sexual}."},
    {"id": "hostile.hate", "level": "hostile", "weight": 25, "when": ["hate", "!benign_tone"],
     "reason": "Haatdragende taal: {hate}."},
    {"id": "hostile.call", "level": "hostile", "weight": 20, "when": ["cta", "!benign_tone"],
     "reason": "Oproep tot actie tegen een persoon: {cta}."},
    {"id": "hostile.insult", "level": "hostile", "weight": 12, "when": ["insult", "!benign_tone"],
     "reason": "Belediging: {insult}."},
    {"id": "hostile.tone", "level": "hostile", "weight": 15, "when": ["hostile_tone"],
     "reason": "Vijandige toon volgens het taalmodel (tweede mening, kans {tone}); geen regel herkende de "
               "formulering: laat een mens het beoordelen."},
    {"id": "none.benign_tone", "level": "none", "weight": 0, "when": ["benign_tone"],
     "reason": "De regels zagen vijandige taal ({intent_cues}), maar volgens het taalmodel is de toon onschuldig "
               "(kans op een vijandige toon {tone}): geen vijandig bericht. Bij twijfel beoordeelt een mens het."},
    {"id": "personal_data.third_party", "level": "personal_data", "weight": 12,
     "when": ["third_party_data"],
     "reason": "Persoonsgegevens van een ander ({data}), zonder aanwijzing voor kwade opzet."},
    {"id": "personal_data.self", "level": "personal_data", "weight": 2, "when": ["self_data"],
     "reason": "De schrijver deelt eigen gegevens ({self_data})."},
    {"id": "personal_data.self_profile", "level": "personal_data", "weight": 2, "when": ["self_profile", "!locating"],
     "reason": "De schrijver vertelt iets over zichzelf: wie die is, of waar die (of een kind) werkt, studeert of op "
               "school zit ({self_profile})."},
    {"id": "personal_data.organisation", "level": "personal_data", "weight": 1, "when": ["org_data"],
     "reason": "Contactgegevens van een organisatie ({org_data})."},
    # (a given name or a surname with a title alone identifies nobody: "zaterdag feestje bij Sanne", "de les van
    # meneer Bakker"; over the tuning sets such messages were harmless chat more often than personal data)
    {"id": "personal_data.named", "level": "personal_data", "weight": 4, "when": ["full_name", "!locating"],
     "reason": "Het bericht noemt persoonsgegevens ({pii})."},
    # (news names suspects so: "De 52-jarige Henk B. uit Emmen is veroordeeld"; personal data, never by itself more)
    {"id": "personal_data.press_named", "level": "personal_data", "weight": 3,
     "when": ["press_name", "!full_name", "!locating"],
     "reason": "Het bericht noemt iemand met voornaam en initiaal ({pii})."},
]

# severity modifiers added when their fact holds (only for levels hostile and doxing)
MODIFIERS: list[dict] = [
    {"id": "mod.public_task", "fact": "public_task", "weight": 15,
     "reason": "Het doelwit heeft een publieke taak ({public}); geweld en bedreiging tegen hen wegen zwaarder (GTPA)."},
    {"id": "mod.watchlist", "fact": "watchlist", "weight": 10,
     "reason": "Het bericht noemt een persoon op de watchlist ({watchlist})."},
    {"id": "mod.spread", "fact": "cta_spread", "weight": 5,
     "reason": "Het bericht roept op het te verspreiden."},
]

# weights for kinds of third-party data in a doxing or hostile message
DATA_WEIGHTS: dict[str, int] = {
    "ADDRESS": 15, "GEO_COORDINATE": 15, "POSTCODE": 8, "PHONE": 10, "EMAIL": 8, "LICENSE_PLATE": 8,
    "BSN": 10, "DATE_OF_BIRTH": 6, "IBAN": 6, "SOCIAL_HANDLE": 5, "IP_ADDRESS": 6, "PERSON": 3, "URL": 1,
}

DATA_NAMES: dict[str, str] = {
    "ADDRESS": "adres", "POSTCODE": "postcode", "PHONE": "telefoonnummer", "EMAIL": "e-mailadres",
    "LICENSE_PLATE": "kenteken", "GEO_COORDINATE": "locatie", "BSN": "BSN", "DATE_OF_BIRTH": "geboortedatum",
    "IBAN": "rekeningnummer", "SOCIAL_HANDLE": "account", "IP_ADDRESS": "IP-adres", "PERSON": "naam", "URL": "link",
}

CRIME_TEXT: dict[str, str] = {
    "leven": "met een misdrijf tegen het leven gericht",
    "mishandeling": "met (zware) mishandeling",
    "verkrachting": "met verkrachting of aanranding",
    "brandstichting": "met brandstichting of een ontploffing",
}

# Qualifications: article, name, when (facts), elements (text + the fact that makes it met; None: always
# for a person to judge).
QUALIFICATIONS: list[dict] = [
    {"id": "q.285d", "article": "art. 285d Sr", "name": "doxing", "when_level": "doxing",
     "elements": [
         {"text": "persoonsgegevens van een ander", "met_if": "third_party_data|person_named|place_of_person"},
         {"text": "zich persoonsgegevens verschaffen of laten verschaffen (oproep om ze te achterhalen)",
          "met_if": "cta_find", "optional": True},
         {"text": "verspreiden of anderszins ter beschikking stellen van die gegevens",
          "met_if": "third_party_data|cta_spread", "unless": "cta_find"},
         {"text": "oogmerk om vrees aan te jagen, ernstige overlast aan te doen of ernstig te hinderen "
                  "(aanwijzing: {intent_cues})", "met_if": "threat|incitement|cta|sexual|hate"},
         {"text": "strafverzwarend: gepleegd tegen een persoon met een publieke taak ({public})",
          "met_if": "public_task", "optional": True},
         {"text": "of de gegevens juist zijn en bij de bedoelde persoon horen", "met_if": None},
         {"text": "of en hoe breed het bericht is verspreid", "met_if": None},
     ]},
    {"id": "q.285", "article": "art. 285 Sr", "name": "bedreiging", "when": ["threat"],
     "elements": [
         {"text": "bedreiging {crime}", "met_if": "crime_named", "optional": True},
         {"text": "welk misdrijf de verhulde bedreiging bedoelt", "met_if": "never", "unless": "crime_named"},
         {"text": "gericht tegen een persoon ({target})", "met_if": "target"},
         {"text": "strafverzwarend: tegen een persoon met een publieke taak ({public})", "met_if": "public_task",
          "optional": True},
         {"text": "of bij de bedreigde redelijkerwijs de vrees kon ontstaan dat het misdrijf zou worden gepleegd",
          "met_if": None},
         {"text": "of het bericht de bedreigde heeft bereikt of moest bereiken", "met_if": None},
     ]},
    {"id": "q.131", "article": "art. 131 Sr", "name": "opruiing", "when": ["incitement"],
     "elements": [
         {"text": "opruien tot een strafbaar feit of tot gewelddadig optreden", "met_if": "incitement"},
         {"text": "in het openbaar, mondeling of bij geschrift of afbeelding", "met_if": None},
     ]},
    {"id": "q.137c", "article": "art. 137c Sr", "name": "groepsbelediging", "when": ["hate", "group_target"],
     "elements": [
         {"text": "zich beledigend uitlaten over een groep mensen ({groups})", "met_if": "group_target"},
         {"text": "wegens ras, godsdienst of levensovertuiging, seksuele gerichtheid of handicap",
          "met_if": "group_137c", "else": "of de groep ({groups}) onder een grond van art. 137c Sr valt"},
         {"text": "in het openbaar, opzettelijk", "met_if": None},
     ]},
    {"id": "q.137d", "article": "art. 137d Sr", "name": "aanzetten tot haat of geweld",
     "when": ["hate", "group_violence"],
     "elements": [
         {"text": "aanzetten tot haat, discriminatie of gewelddadig optreden tegen mensen ({groups})",
          "met_if": "group_violence"},
         {"text": "wegens ras, godsdienst of levensovertuiging, seksuele gerichtheid of handicap",
          "met_if": "group_137c", "else": "of de groep ({groups}) onder een grond van art. 137d Sr valt"},
         {"text": "in het openbaar", "met_if": None},
     ]},
    {"id": "q.139h", "article": "art. 139h Sr", "name": "seksuele beelden zonder toestemming", "when": ["sexual"],
     "elements": [
         {"text": "openbaar maken, verspreiden of vragen om een afbeelding van seksuele aard van een persoon",
          "met_if": "sexual"},
         {"text": "of er werkelijk een afbeelding van seksuele aard is (de tekst alleen toont dat niet)",
          "met_if": None},
         {"text": "wederrechtelijk: zonder toestemming van de afgebeelde persoon", "met_if": None},
         {"text": "wetende of vermoedende dat openbaarmaking nadelig kan zijn", "met_if": None},
     ]},
    {"id": "q.266", "article": "art. 266 Sr", "name": "belediging", "when": ["insult_person"],
     "elements": [
         {"text": "opzettelijk beledigende uitlating over een persoon ({target})", "met_if": "insult_person"},
         {"text": "strafverzwarend (art. 267 Sr): tegen een ambtenaar in of ter zake van zijn bediening",
          "met_if": "public_task", "optional": True},
         {"text": "in het openbaar of in aanwezigheid van de beledigde", "met_if": None},
         {"text": "of het meer is dan grof taalgebruik", "met_if": None},
     ]},
]
