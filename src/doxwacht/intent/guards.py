"""Guards: context that silences or weakens a rule hit. Declarative list; the logic is in the analyzer.

Every suppressed hit records the guard that silenced it (see `IntentAnalyzer.explain`).
"""

from __future__ import annotations

GUARDS: dict[str, dict] = {
    "guard.negation": {
        "applies_to": ["THREAT", "INCITEMENT", "HATE", "CALL_TO_ACTION", "SEXUAL_EXPOSURE", "INSULT"],
        "action": "suppress",
        "doc": "a negator in the clause of the hit ('ik zou hem nooit pijn doen'), or a retraction right after "
               "the hit's comma ('ik ga je pakken, niet echt'), unless it is part of an idiom or of the rule, a "
               "rhetorical 'waarom ... niet', a counterfactual 'als ze niet ... waren', sits under 'denken dat "
               "ik ... niet', in a condition fronted before the main clause ('als je dat niet verwijdert kom ik "
               "je ...'), or puts the act off ('niet vandaag, maar ...')",
    },
    "guard.quote": {
        "applies_to": ["THREAT", "INCITEMENT", "HATE", "CALL_TO_ACTION", "SEXUAL_EXPOSURE", "INSULT"],
        "action": "suppress",
        "doc": "the hit lies inside quotation marks and the message has a frame around the quote "
               "(reported or discussed speech), unless the author frames it as his own ('ik zeg je: ...')",
    },
    "guard.report": {
        "applies_to": ["THREAT", "INCITEMENT", "HATE", "CALL_TO_ACTION", "SEXUAL_EXPOSURE", "INSULT"],
        "action": "suppress",
        "doc": "reported speech or news: 'hij zei dat', 'bedreigd met', 'voor het zeggen dat', ', schreef hij'",
    },
    "guard.counter": {
        "applies_to": ["THREAT", "INCITEMENT", "HATE", "SEXUAL_EXPOSURE", "INSULT", "CALL_TO_ACTION"],
        "action": "suppress",
        "doc": "counter-speech: disapproval ('niet oké', 'racistisch', 'rapporteer', 'strafbaar') of hateful "
               "speech in the same sentence; for threats only when the threat is quoted or reported",
    },
    "guard.victim": {
        "applies_to": ["HATE"],
        "action": "suppress",
        "doc": "the group is the victim ('worden gediscrimineerd', 'slachtoffer van'), for co-occurrence hate",
    },
    "guard.mention": {
        "applies_to": ["HATE"],
        "action": "suppress",
        "doc": "a slur mentioned, not used: 'het woord ...', '... te noemen', 'uitgescholden voor ...'; and a group with "
               "what someone calls it: '... voor ongedierte worden uitgemaakt', 'wie migranten wegzet als ...'",
    },
    "guard.self": {
        "applies_to": ["HATE", "INSULT"],
        "action": "suppress",
        "doc": "self-reference or reclaimed use: 'ik ben een trotse pot', 'wij flikkers'",
    },
    "guard.game": {
        "applies_to": ["THREAT", "INCITEMENT"],
        "action": "suppress",
        "doc": "game, sport or fiction context: 'ik maak je af in FIFA'",
    },
    "guard.lost_found": {
        "applies_to": ["CALL_TO_ACTION"],
        "action": "suppress",
        "doc": "a call to identify or find someone (cta.find.*) in a lost-and-found or missing-person message: "
               "'portemonnee gevonden met het rijbewijs van ..., wie kent hem?', 'wie kent deze man? hij wordt "
               "vermist', 'hondje gevonden, wie kent de eigenaar?'",
    },
    "guard.impersonal": {
        "applies_to": ["HATE"],
        "action": "suppress",
        "doc": "an impersonal judgement ('het is oneerlijk dat vrouwen ...') is not an attribute of the group",
    },
    "guard.laughter": {
        "applies_to": ["THREAT", "INCITEMENT", "INSULT"],
        "action": "damp",
        "factor": 0.5,
        "doc": "laughter or irony markers ('haha', 'grapje', emoji) make a threat less likely meant",
    },
}
