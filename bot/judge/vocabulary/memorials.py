"""Memorials by wording: a profile that says its person has died and the account is kept.

Two kinds of words, both needed: a death ("passed away", "verstorben", "逝世") and
a memory or the account itself ("in memory", "this account", "Erinnerung"); or a
memorial phrase that says both at once ("in memoriam", "kept as a memorial").
"""

from __future__ import annotations

# fmt: off

#: Phrases that are a memorial on their own.
MEMORIAL_PHRASES = (
    "in memoriam", "kept as a memorial", "memorial account", "this account is a memorial",
    "kept in memory of", "in loving memory", "rest in peace", "als gedenkkonto", "zum gedenken",
    "in gedenken", "en mémoire de", "compte commémoratif", "en memoria de", "em memória de",
    "in ricordo di", "mantenuto come memoriale", "come memoriale", "ter nagedachtenis",
    "till minne av", "til minne om", "muistoksi", "ku pamięci", "na památku", "emlékére",
    "în memoria", "anısına", "в память о", "светлая память", "вічна пам'ять", "στη μνήμη",
    "memore al", "untuk mengenang", "để tưởng nhớ", "sa alaala ni", "kama kumbukumbu",
    "في ذكرى", "رحمه الله", "رحمها الله", "یادش گرامی", "לזכרו", "לזכרה", "זכרונו לברכה",
    "ז\"ל", "की याद में", "স্মরণে", "เพื่อระลึกถึง", "追悼", "ご冥福", "永眠しました",
    "纪念账号", "紀念帳號", "安息", "추모 계정", "고인의",
)

#: Someone has died.
DEATH_WORDS = (
    "died", "passed away", "passed on", "deceased",
    "verstorben", "gestorben", "verstarb", "starb", "décédé", "décédée", "décès",
    "nous a quittés", "fallecido", "fallecida", "falleció", "murió", "faleceu",
    "falecido", "falecida", "morreu", "è morto", "è morta", "scomparso", "scomparsa",
    "ci ha lasciati", "ci ha lasciato", "overleden", "overleed", "avled", "gick bort",
    "døde", "gikk bort", "kuoli", "menehtyi", "zmarł", "zmarła", "odszedł", "odeszła",
    "zemřel", "zemřela", "elhunyt", "meghalt", "a murit", "a decedat", "vefat", "hayatını kaybetti",
    "умер", "умерла", "скончался", "скончалась", "ушёл из жизни", "ушла из жизни", "помер",
    "померла", "пішов з життя", "пішла з життя", "πέθανε", "απεβίωσε", "mortis", "forpasis",
    "meninggal", "wafat", "berpulang", "qua đời", "namatay", "pumanaw", "alifariki",
    "amefariki", "aliaga dunia", "توفي", "توفيت", "رحل", "رحلت", "درگذشت", "فوت", "נפטר",
    "נפטרה", "निधन", "गुजर गए", "गुज़र गए", "মারা গেছেন", "প্রয়াত", "เสียชีวิต", "ถึงแก่กรรม",
    "亡くなりました", "亡くなった", "逝去", "永眠", "去世", "逝世", "过世", "過世", "离世", "離世",
    "돌아가셨", "별세", "작고", "세상을 떠났",
)

#: The account, or keeping a memory.
MEMORY_WORDS = (
    "this account", "the account", "memorial", "memory", "memories", "remembrance",
    "no longer active", "no new posts", "will not post", "konto", "account", "erinnerung",
    "andenken", "gedenken", "compte", "mémoire", "souvenir", "cuenta", "memoria", "recuerdo",
    "conta", "memória", "lembrança", "ricordo", "memoriale", "herinnering", "aandenken",
    "minne", "minnet", "tili", "muisto", "pamięć", "pamiątkę", "pamiątka", "účet", "památku",
    "vzpomínku", "fiókját", "fiók", "emlék", "emlékként", "contul", "amintire", "memorie",
    "hesap", "hatıra", "anı", "аккаунт", "память", "акаунт", "пам'ять", "λογαριασμός",
    "μνήμη", "konton", "memoro", "akun", "kenangan", "tài khoản", "tưởng nhớ", "alaala",
    "akaunti", "kumbukumbu", "haitumiki tena", "الحساب", "ذكرى", "حساب", "یاد", "یادش",
    "این حساب", "החשבון", "זיכרון", "अकाउंट", "स्मृति", "याद", "অ্যাকাউন্ট", "স্মৃতি",
    "บัญชี", "ความทรงจำ", "アカウント", "思い出", "账号", "帳號", "纪念", "紀念", "怀念", "계정",
    "추모", "기억",
)

# fmt: on
