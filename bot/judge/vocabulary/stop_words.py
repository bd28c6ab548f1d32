"""Replies to the welcome that mean "never message me again", in the languages the
opt-out vocabulary covers (``welcome_dm.stop_words`` adds to these).

Phrases of several words count wherever they stand in a reply. A single word counts
for sure only in a short reply ("Stop!", "para, por favor"): in a longer one, "stop",
"para" ("for" in Spanish and Portuguese) or "basta" may mean something else, so the
bot then records the wish without answering it (``bot.cycle.stop_words``).
"""

from __future__ import annotations

DEFAULT_STOP_WORDS = (
    # English
    "stop",
    "unsubscribe",
    "no more",
    "leave me alone",
    "stop messaging me",
    "don't message me",
    "do not message me",
    # German
    "stopp",
    "abmelden",
    "hör auf",
    "lass mich in ruhe",
    "keine nachrichten mehr",
    # French
    "arrête",
    "arrêter",
    "arrêtez",
    "désabonner",
    "laisse-moi tranquille",
    "laissez-moi tranquille",
    # Spanish
    "para",
    "basta",
    "detener",
    "déjame en paz",
    "no me escribas",
    "darme de baja",
    # Italian
    "smettila",
    "lasciami in pace",
    "non scrivermi",
    # Portuguese
    "pare",
    "parar",
    "me deixe em paz",
    "deixa-me em paz",
    "não me mande mensagens",
    # Dutch
    "afmelden",
    "laat me met rust",
    "hou op",
    # Scandinavian
    "sluta",
    "avsluta",
    "lad mig være",
    "la meg være",
    # Finnish
    "lopeta",
    # Polish
    "przestań",
    "wypisz mnie",
    "zostaw mnie w spokoju",
    # Czech
    "přestaň",
    "nech mě být",
    # Russian, Ukrainian
    "стоп",
    "хватит",
    "отписаться",
    "отстань",
    "не пиши мне",
    "досить",
    "відпишіть мене",
    # Turkish
    "beni rahat bırak",
    "mesaj atma",
    # Indonesian, Malay
    "berhenti",
    # Catalan
    "prou",
    "deixa'm en pau",
    # Esperanto
    "ĉesu",
    # Greek
    "σταμάτα",
    # Arabic, Persian, Hebrew, Hindi
    "توقف",
    "بس کن",
    "תפסיק",
    "बंद करो",
    # Japanese, Chinese, Korean
    "やめて",
    "配信停止",
    "停止",
    "退订",
    "别再发",
    "그만해",
    "수신거부",
)
