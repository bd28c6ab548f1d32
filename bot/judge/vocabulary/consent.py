"""Consent: how people say "no bots", as hashtags, profile fields and sentences, in many languages.

The defaults here belong to the code; ``config.yaml`` may only add to them
(``opt_out.tags``, ``opt_out.extra_tags``, ``opt_out.phrases``).

Sentences are read for their parts, in about forty languages (en de fr es pt it
ca gl eu nl sv da no fi is pl cs sk sl hr sr bg ru uk el tr hu ro lt lv et eo id
ms vi tl sw ar fa he hi bn th ja zh ko): a word for bots or automated accounts,
a word for following or contacting, and a refusal or a block. Word lists are
closed sets (``bot.judge.lexicon``): whole words, ``stem*`` for a word's
beginning, Hangul by its beginning, unspaced scripts anywhere in a run.
"""

from __future__ import annotations

import re

# fmt: off

DEFAULT_OPT_OUT_TAGS = (
    "nobot", "nobots", "noautofollow", "nofollowback", "nobotfollow", "noautomation",
)

#: Plain-language opt-outs, matched as whole phrases in the name, the bio and the fields.
#: (Sentences that say the same in other words are read by the sentence rule.)
DEFAULT_OPT_OUT_PHRASES = (
    # en
    "no bots", "no bots please", "please no bots", "bots not welcome", "no bot follows",
    "no automated follows", "no follow-back services", "no followback bots",
    "bots stay away", "bots keep out", "bot-free zone",
    # de, fr, es, pt, it, ca, gl, eu
    "keine bots", "bitte keine bots", "bots unerwünscht", "pas de bots", "pas de robots",
    "no a los bots", "sin bots", "nada de bots", "niente bot", "niente bots", "sem bots",
    "nada de bots", "res de bots", "cap bot", "sen bots", "botik ez",
    # nl, sv, da, no, fi, is
    "geen bots", "ingen bots", "inga bottar", "inga botar", "ingen botter", "ei botteja",
    "ei botteja kiitos", "engir bottar",
    # pl, cs, sk, sl, hr, sr, bg, ru, uk
    "bez botów", "żadnych botów", "žádné boty", "žádní boti", "žiadne boty", "brez botov",
    "bez botova", "без ботове", "без ботов", "никаких ботов", "ботам нет", "без ботів",
    "жодних ботів", "ботам ні",
    # el, tr, hu, ro, lt, lv, et, eo
    "όχι bots", "όχι μποτ", "χωρίς bots", "bot yok", "botlar hayır", "bot istemiyorum",
    "nem kérek botokat", "botok nélkül", "fără boți", "fara boti", "jokių botų",
    "bez botiem", "botid ei", "neniuj robotoj", "neniujn robotojn", "sen robotoj",
    # id, ms, vi, tl, sw
    "tanpa bot", "tidak ada bot", "jangan ada bot", "không bot", "không tiếp bot",
    "bawal ang bots", "bawal ang bot", "walang bots", "hakuna bots", "hakuna bot",
    # ar, fa, he, hi, bn
    "لا للبوتات", "ممنوع البوتات", "بدون بوتات", "ربات ممنوع", "بدون ربات", "בלי בוטים",
    "ללא בוטים", "בוטים לא", "बॉट नहीं", "कोई बॉट नहीं", "বট নয়",
    # th, ja, zh, ko
    "ไม่รับบอท", "ห้ามบอท", "ボットお断り", "bot禁止", "botお断り", "ボット禁止", "机器人勿扰",
    "谢绝机器人", "謝絕機器人", "拒绝机器人", "봇 사절", "봇 금지", "봇사절", "봇금지",
    # emoji: "no" and a robot face
    "🚫🤖", "🤖🚫", "❌🤖", "🤖❌", "⛔🤖", "🤖⛔", "🙅🤖", "🚫 🤖", "❌ 🤖",
)

#: "#NoBotsPlease", "#nobot_thanks": an opt-out tag with a polite ending is still one.
OPT_OUT_TAG_ENDINGS = (
    "", "please", "pls", "plz", "thanks", "thankyou", "thx", "allowed", "here", "follow",
    "follows", "followers", "interactions", "dms", "welcome", "bitte", "merci", "gracias",
    "grazie", "obrigado", "obrigada", "dziękuję", "danke", "svp", "porfavor",
)

#: A hashtag is an opt-out when a refusal and a word for bots make it: "#KeineBots",
#: "#SinBots", "#ボットお断り". Refusals that come first…
TAG_REFUSAL_PREFIXES = (
    "no", "not", "never", "anti", "stop", "nie", "ne", "nem", "kein", "keine", "pasde", "pas",
    "sans", "sin", "sem", "senza", "niente", "nada", "nadade", "geen", "ingen", "inga", "ei",
    "bez", "brez", "без", "нет", "ні", "не", "никаких", "жодних", "hayir", "hayır", "tanpa",
    "khong", "không", "لا", "بدون", "نه", "לא", "בלי", "ללא", "όχι", "οχι", "fara", "fără",
    "hakuna", "bawal", "walang", "resde", "cap", "zero", "sen", "żadnych", "zadnych", "žádné",
    "zadne", "jokių", "neniuj", "ไม่รับ", "ห้าม",
)
#: …and refusals that come after.
TAG_REFUSAL_SUFFIXES = (
    "禁止", "お断り", "お断わり", "ng", "사절", "금지", "yok", "free", "out", "away",
    "notwelcome", "unwelcome", "verboten", "unerwünscht", "interdits", "prohibidos",
    "proibidos", "vietati", "nein", "nee", "nej", "ні", "нет", "no", "勿扰",
)
#: Words for bots (or for what they do) inside such a hashtag.
TAG_BOT_WORDS = (
    "bot", "bots", "robot", "robots", "roboter", "botów", "boty", "boti", "botok", "botlar",
    "bottar", "botar", "botter", "botit", "botteja", "boți", "botoj", "robotoj", "бот", "боты",
    "ботов", "ботам", "боти", "ботів", "ボット", "bot", "봇", "机器人", "機器人", "بوت",
    "بوتات", "البوتات", "ربات", "בוטים", "בוט", "बॉट", "บอท", "μποτ", "autofollow",
    "autofollows", "automation", "automated", "followbot", "followbots", "botfollow",
    "botfollows", "autofollowers", "automatedfollows",
)

#: A profile field named for bots ("Bots", "Robots", "Auto follow")…
BOTS_FIELD_NAME = re.compile(
    r"^\W*(bots?|robots?|automation|follow\s?bots?|auto\s?follow)\W*$", re.I
)

#: …whose value says no ("no thanks", "nein", "🚫").
FIELD_REFUSAL = re.compile(
    r"^\W*(no|nope|no thanks|no thank you|not welcome|please don't|please no|nein|non|nee|nej|"
    r"nie|ne|não|nao|no gracias|non merci|nein danke|verboten|forbidden|❌|🚫|⛔)\b",
    re.I,
)

#: A field value that starts with one of these says no, in any language.
REFUSAL_EMOJI = ("❌", "🚫", "⛔", "🙅", "🛑", "👎", "✋")

# --------------------------------------------------------------------------- words

#: Words for bots, in many languages and their common forms. "Robot" is here too:
#: it is the word for a bot in several languages.
BOT_WORDS = (
    # Latin script
    "bot", "bots", "robot", "robots", "roboter", "robô", "robôs", "bottar", 
    "bottarna", "botarna", "robotar", "botter", "bottene", "botene", "robotter", "botti",
    "botit", "botteja", "botille", "boteille", "bottien", "bottia", "robotti", "robotit",
    "boty", "botów", "botow", "botom", "botami", "botem", "botach", "robotów", "boti", "botů",
    "botům", "botmi", "roboti", "robotů", "botov", "robotov", "botovi", "botova", "botove",
    "botovima", "botok", "botokat", "botoknak", "botoktól", "botoktol", "robotok", "boți",
    "boții", "botii", "boților", "botilor", "roboți", "botlar", "botları", "botlara",
    "botların", "botlardan", "botlari", "botlarin", "botai", "botų", "botams", "botiem",
    "botid", "boto", "botoj", "botojn", "roboto", "robotoj", "robotojn", 
    "botiaid", "botanna", "autofollow", "autofollows", "autofollower", "autofollowers",
    "followbot", "followbots", "chatbot", "chatbots",
    # Greek, Cyrillic
    "μποτ", "μποτς", "μπότ", "ρομπότ", "бот", "бота", "боту", "ботом", "боты", "ботов",
    "ботам", "ботами", "ботах", "боте", "боти", "ботів", "ботове", "ботовете", "ботови",
    "робот", "роботы", "роботов",
    # Arabic, Persian, Urdu, Hebrew
    "بوت", "بوتات", "البوت", "البوتات", "للبوتات", "والبوتات", "بالبوتات", "روبوت",
    "الروبوت", "روبوتات", "الروبوتات", "ربات", "رباتها", "بوٹ", "بوٹس", "בוט", "בוטים",
    "הבוט", "הבוטים", "לבוטים", "ובוטים", "מבוטים", "רובוט", "רובוטים",
    # Devanagari, Bengali
    "बॉट", "बॉट्स", "बॉटों", "रोबोट", "বট", "বটস", "রোবট",
    # written without spaces, and Hangul (by a word's beginning)
    "ボット", "机器人", "機器人", "บอท", "봇", 
)

#: The beginnings of "automatic"/"automated", for sentences about automated accounts.
AUTOMATION_WORDS = (
    "automat*", "automát*", "automàt*", "automaț*", "automaţ*", "geautomatiseerd*",
    "zautomatyzowan*", "otomati*", "automaattis*",
    "automatisoi*", "aŭtomat*", "awtomati*", "*otomatiki*", "автомат*", "αυτόματ*",
    "αυτοματοποιημ*", "αυτοματ*", "אוטומטי*", "آلي", "آلية", "الآلي*", "التلقائي*", "آليا",
    "آليًا", "تلقائي*", "خودکار*", "ऑटोमेटेड", "ऑटोमैटिक", "स्वचालित", "স্বয়ংক্রিয়",
    "อัตโนมัติ", "自動", "自动", "자동", "auto",
)
AUTOMATION_PHRASES = ("tự động", "अपने आप", "अपने-आप")

#: Accounts, for "automated accounts".
ACCOUNT_WORDS = (
    "account*", "konto", "konten", "kontos", "kontot", "konti", "konta", "kont", "compte*",
    "cuenta*", "conta", "contas", "comptes", "profil*", "profiel*", "tili", "tilit", "tilejä",
    "tiliä", "účet", "účty", "účtů", "účtov", "fiók*", "cont", "conturi", "conturile",
    "hesap*", "аккаунт*", "акаунт*", "профил*", "λογαριασμ*", "kontoj", "kontojn", "paskyr*",
    "akun", "akaun", "khoản", "บัญชี", "アカウント", "账号", "帳號", "账户", "帳戶",
    "계정", "حساب*", "الحساب*", "حسابات", "الحسابات", "חשבון", "חשבונות", "अकाउंट*",
    "खात*", "akaunti", "cyfrif", "kontua", "kontuak", "comptes", 
)

#: Following (and direct messages): what bots do to people.
FOLLOW_WORDS = (
    "follow*", "dm", "dms", "folg*", "suiv*", "segu*", "sigan", "siga", "sigue", "sígueme",
    "sigam", "volg*", "följ*", "følg*", "seura*", "obserw*", "śledz*", "sled*", "nesled*",
    "követ*", "kövess*", "urmăr*", "urmar*", "takip*", "подпис*", "підпис*", "следи*", "следит*",
    "фоллов*", "фолов*", "стеж*", "слідку*", "следв*", "последв*", "ακολουθ*", "sekv*",
    "sekite", "sekti", "sekot", "jälgi*", "ikuti", "mengikuti", "dõi", "sundan", "sumunod",
    "*fuat*", "*تابع*", "*دنبال*", "*فالو*", "עוקב", "עוקבת", "עוקבים", "לעקוב", "תעקבו",
    "תעקוב", "תעקבי", "फ़ॉलो", "फॉलो", "ফলো", "ติดตาม", "ฟอลโลว์", "フォロー", "关注",
    "關注", "追踪", "追蹤", "跟随", "跟隨", "팔로우", "팔로", "맞팔", "디엠",
)
FOLLOW_PHRASES = ("theo dõi",)

#: Messaging, replying, mentioning, interacting.
MESSAGE_WORDS = (
    "message*", "repl*", "mention*", "interact*", "contact*", "boost*", "nachricht*",
    "antwort*", "anschreib*", "interagier*", "erwähn*", "kontakt*", "répond*", "mentionn*",
    "interag*", "écrire", "écrivez", "mensaje*", "mensage*", "respond*", "mencion*",
    "interactu*", "interacci*", "interaç*", "contat*", "messagg*", "rispond*", "menzion*",
    "interazion*", "contatt*", "scrivet*", "missatge*", "respon*", "bericht*", "reageer",
    "reageren", "interactie*", "meddelande*", "svara", "svarar", "besked*", "melding*",
    "viest*", "vastaa*", "wiadomoś*", "odpowiad*", "odpisy*", "piszcie", "interakcj*",
    "oznacz*", "zpráv*", "správ*", "odpov*", "pište", "interakc*", "üzen*", "válaszol*",
    "kapcsolat*", "mesaj*", "răspun*", "raspun*", "interacțiun*", "interactiun*", "yanıt*",
    "cevap*", "etkileşim*", "сообщени*", "пишите", "отвеч*", "ответ*", "упомина*",
    "взаимодейств*", "контакт*", "повідомлен*", "пишіть", "відповід*", "взаємоді*",
    "съобщени*", "пишете", "μηνύμα*", "μήνυμα", "απαντ*", "επικοινων*", "αλληλεπιδρ*",
    "mesaĝ*", "skribu", "žinut*", "pesan", "balas*", "interaksi", "menghubungi", "nhắn",
    "mensahe", "ujumbe", "*jibu*", "رسائل", "رسالة", "الرسائل", "*راسل*", "التفاعل",
    "تفاعل", "الرد", "پیام", "הודעות", "הודעה", "להגיב", "תגובות", "संदेश", "मैसेज",
    "जवाब", "रिप्लाई", "বার্তা", "ข้อความ", "ตอบกลับ", "リプライ", "リプ", "メッセージ",
    "返信", "絡み", "メンション", "私信", "回复", "回覆", "互动", "互動", "留言", "메시지",
    "답글", "멘션",
)
MESSAGE_PHRASES = ("tin nhắn", "trả lời", "ota yhteyttä")

#: Saying no (and "go away").
REFUSAL_WORDS = (
    "away", "out", "begone", "weg", "raus", "fern", "dehors", "fuera", "fora", "bort", "pryč",
    "precz", "вон", "геть", "έξω",
    # en de fr es pt it ca gl eu
    "no", "not", "don't", "dont", "never", "nope", "without", "stop", "forbidden",
    "prohibited", "unwelcome", "banned", "nein", "nicht", "kein", "keine", "keinen",
    "keiner", "niemals", "ohne", "verboten", "unerwünscht", "unerwuenscht", "non", "ne",
    "pas", "jamais", "sans", "interdit", "interdits", "aucun", "aucune", "nunca", "sin",
    "prohibido", "prohibidos", "ningún", "ninguna", "ninguno", "nada", "não", "nao", "sem",
    "proibido", "proibidos", "nenhum", "nenhuma", "mai", "senza", "vietato", "vietati",
    "niente", "nessun", "nessuno", "nessuna", "sense", "prohibit", "prohibits", "res", "cap",
    "ningunha", "ezetz", "debekatuta",
    # nl sv da no fi is
    "nee", "niet", "geen", "nooit", "zonder", "verboden", "nej", "inte", "inga", "ingen",
    "aldrig", "utan", "förbjudet", "förbjudna", "nei", "ikke", "aldri", "uden", "uten",
    "forbudt", "ei", "älä", "älkää", "ilman", "kielletty", "kiellettyjä", "eikä", "ekki",
    "engin", "engir",
    # pl cs sk sl hr sr hu ro tr
    "nie", "żadnych", "żadne", "żaden", "bez", "nigdy", "zakaz", "zakazane", "žádné",
    "žádní", "žádný", "nikdy", "zákaz", "zakázáno", "nesled*", "nepiš*", "neodpov*",
    "žiadne", "žiadni", "nema", "brez", "nikad", "nikada", "zabranjeno", "prepovedano",
    "nem", "sose", "soha", "nélkül", "tilos", "nu", "fără", "fara", "niciodată", "niciun",
    "nicio", "interzis", "interziși", "hayır", "hayir", "yok", "yasak", "etmesin",
    "etmeyin", "etmeyiniz", "etmesinler", "yazmayın", "yazmasın", "atmayın", "istemiyorum",
    "istemem", "olmasın",
    # lt lv et ru uk bg el eo
    "jokių", "niekada", "draudžiama", "nē", "nekad", "aizliegts", "ära", "ilma", "keelatud",
    "не", "нет", "без", "никогда", "никаких", "запрещено", "запрещены", "нельзя", "ни",
    "ні", "ніколи", "жодних", "заборонено", "заборонені", "никога", "забранено", "όχι",
    "οχι", "δεν", "μη", "μην", "χωρίς", "ποτέ", "απαγορεύεται", "neniujn", "neniuj",
    "neniu", "neniam", "malpermesitaj",
    # id ms vi tl sw
    "tidak", "jangan", "tanpa", "dilarang", "larangan", "enggak", "gak", "nggak",
    "không", "đừng", "cấm", "chẳng", "hindi", "huwag", "wag", "bawal", "walang", "ayaw",
    "hapana", "hakuna", "bila", "usinifuate", "msinifuate", "marufuku", "sitaki", "sipendi",
    # he ar fa hi bn
    "לא", "אל", "בלי", "ללא", "אסור", "אסורים", "אסורות", "لا", "ليس", "عدم", "بدون", "ممنوع",
    "ممنوعة", "ممنوعون", "يمنع", "لن", "بلا", "نه", "نکنید", "نکنند", "نکن", "نکنین",
    "نفرستید", "نمی", "नहीं", "न", "मत", "बिना", "मना", "प्रतिबंधित", "ना", "না", "নয়",
    "ছাড়া", "নিষেধ",
    # th ja zh ko
    "ไม่", "อย่า", "ห้าม", "งด", "禁止", "お断り", "お断わり", "ご遠慮", "遠慮", "拒否",
    "しないで", "やめて", "ないで", "お控え", "请勿", "請勿", "勿", "不要", "拒绝",
    "拒絕", "谢绝", "謝絕", "不欢迎", "不歡迎", "사절", "금지", "거절",
    "마세요", "말아", "싫어", "사양",
)

#: Blocking or reporting: "I block every bot".
BLOCK_WORDS = (
    "block*", "report*", "mute*", "blockier*", "sperr*", "bloqu*", "bloquej*", "blocc*",
    "segnal*", "blokkeer*", "blokker*", "blocker*", "blockar*", "estä*", "estetään",
    "blokuj*", "zgłasza*", "letilt*", "blokkol*", "tiltom", "blochez", "bloca*", "blochează",
    "engell*", "blokl*", "блокир*", "блочу", "баню", "блоку*", "μπλοκάρ*", "blokas",
    "bloki", "blokos", "blokuoju", "blokir*", "memblokir", "chặn", "*block*", "חוסם",
    "חוסמת", "חוסמים", "נחסמים", "נחסמות", "נחסם", "לחסום", "أحظر", "احظر", "أحجب",
    "احجب", "حظر", "الحظر", "سأحظر", "يحظر", "بلاک", "مسدود", "ब्लॉक", "ব্লক", "บล็อก",
    "บล็อค", "ブロック", "ミュート", "屏蔽", "拉黑", "封鎖", "封锁", "封禁", "举报", "차단",
    "블록", "신고",
)

#: "Not a bot": a person saying what they are, not refusing anything.
NOT_A_BOT = (
    "not a bot", "not a robot", "i'm no bot", "i am no bot", "not automated",
    "real human", "a real person", "kein bot", "bin kein bot", "kein roboter", "pas un bot",
    "pas un robot", "no soy un bot", "no soy bot", "no soy un robot", "não sou um bot",
    "não sou bot", "não sou um robô", "non sono un bot", "non sono un robot",
    "ben geen bot", "inte en bot", "ikke en bot", "ikke en robot",
    "en ole botti", "nie jestem botem", "nie bot", "nejsem bot", "nejsom bot",
    "nem vagyok bot", "nu sunt bot", "nu sunt un bot", "bot değilim", "bot degilim",
    "mimi si bot", "не бот", "я не бот", "не робот", "я не робот", "не є ботом", "δεν είμαι bot",
    "ne estas roboto", "ne estas boto", "no sóc un bot", "bukan bot", "saya bukan bot",
    "không phải bot", "không phải là bot", "hindi bot", "hindi ako bot", 
    "לא בוט", "אני לא בוט", "لست بوت", "لست روبوت", "لست بوتا", "أنا إنسان",
    "ربات نیستم", "मैं बॉट नहीं", "बॉट नहीं हूँ", "আমি বট নই", "ไม่ใช่บอท",
    "ボットではありません", "botではありません", "botじゃない", "ボットじゃない",
    "ボットではない", "봇 아닙니다", "봇이 아닙니다", "봇 아님", "봇 아니에요", "不是机器人",
    "不是bot", "不是機器人", "不是 bot", "human not a bot",
)

#: "Bots welcome": only when nothing refuses right before it ("no bots welcome").
BOTS_WELCOME = (
    "bots welcome", "bots are welcome", "bots ok", "bots okay", "bots allowed",
    "bot friendly", "bot-friendly", "bots are fine", "bots are ok", "bots willkommen",
    "bots erlaubt", "bots bienvenus", "bots bienvenidos", "bots benvenuti",
    "bots bem-vindos", "bots welkom", "bots välkomna", "bots velkommen", "boty mile widziane",
    "boti vítáni", "ботам рады", "боты приветствуются", "ボット歓迎", "bot歓迎", "봇 환영",
    "欢迎机器人", "歡迎機器人", "欢迎各种 bot", "歡迎各種 bot", "欢迎 bot", "歡迎 bot",
)

#: "I don't mind bots": a welcome that itself says "not".
DONT_MIND = (
    "i don't mind", "i dont mind", "don't mind bots", "ist mir egal", "stört mich nicht",
    "ça ne me dérange pas", "no me importa", "no me molesta", "não me importo",
    "non mi dispiace", "vind ik niet erg", "har inget emot", "nie przeszkadza mi",
    "nevadí mi", "nevadí", "не против", "не возражаю", "не проти", "気にしません",
    "상관없", "لا مانع", "कोई दिक्कत नहीं", "tidak masalah", "không sao", "ไม่เป็นไร",
    "δεν με πειράζει", "nem zavar", "ei haittaa", "nu mă deranjează", "sorun değil",
    "sakıncası yok", "hakuna shida", "ayos lang", "ne ĝenas min", "no em molesta",
)

#: Making bots: the maker's own words ("I write bots", "bot developer").
BOT_MAKERS = (
    # a developer of them, in many languages: "Я разработчик ботов"
    "developer", "developers", "entwickler", "entwicklerin", "développeur", "développeuse",
    "desarrollador", "desarrolladora", "desenvolvedor", "desenvolvedora", "sviluppatore",
    "sviluppatrice", "ontwikkelaar", "ik ontwikkel", "utvecklare", "udvikler", "utvikler",
    "kehittäjä", "programista", "programistka", "vývojář", "vývojářka", "fejlesztő",
    "dezvoltator", "geliştirici", "разработчик", "разработчица", "розробник", "розробниця",
    "προγραμματιστής", "programisto", "pengembang", "lập trình viên", "msanidi", "مطور",
    "توسعه دهنده", "מפתח", "מפתחת", "डेवलपर", "นักพัฒนา", "開発者", "开发者", "개발자",
    # en
    "i make", "i write", "i build", "i code", "i develop", "i program", "i create", "i run",
    "i maintain", "i made", "construiesc", "construyo", "construo", "costruisco",
    "construis", "stavím", "építek", "строю", "будую", "κατασκευάζω", "konstruas",
    "membangun", "أبني", "می سازم", "i wrote", "i built", "i've made", "i've written", "i've built",
    "i'm building", "i'm making", "i'm writing", "i also make", "i also write",
    "i also build", "i draw", "i design", "i teach", "i study", "i research", "i work on",
    "i work with", "i tinker with", "bot developer", "bot dev", "bot maker", "botmaker",
    "bot author", "bot creator", "bot admin", "bot builder", "makes bots", "made bots",
    "writes bots", "my bot", "my bots", "bots i made", "bots i run", "bots by me",
    "maintainer of", "developer of", "creator of",
    # de fr es pt it ca
    "ich schreibe", "ich baue", "ich mache", "ich programmiere", "ich entwickle",
    "meine bots", "mein bot", "bot-entwickler", "bot-entwicklerin", "j'écris", "je fais",
    "je crée", "je développe", "je programme", "je code", "mes bots", "mon bot", "escribo",
    "hago", "desarrollo", "programo", "mis bots", "mi bot", "escrevo", "faço", "crio",
    "desenvolvo", "meus bots", "meu bot", "scrivo", "faccio", "sviluppo", "programmo",
    "i miei bot", "il mio bot", "escric", "faig", "desenvolupo", "els meus bots",
    # nl sv da no fi pl cs sk hu ro tr
    "ik schrijf", "ik maak", "ik bouw", "ik programmeer", "mijn bots", "mijn bot",
    "jag skriver", "jag bygger", "jag gör", "jag programmerar", "mina bottar", "min bot",
    "jeg skriver", "jeg bygger", "jeg laver", "jeg lager", "jeg programmerer", "mine bots",
    "kirjoitan", "koodaan", "rakennan", "ohjelmoin", "kehitän", "bottini", "piszę",
    "tworzę", "programuję", "buduję", "moje boty", "mój bot", "píšu", "tvořím", "dělám",
    "programuji", "programuju", "vyvíjím", "můj bot", "píšem", "tvorím", "programujem",
    "írok", "készítek", "fejlesztek", "programozok", "botjaim", "scriu", "creez",
    "dezvolt", "programez", "boții mei", "yazıyorum", "geliştiriyorum", "kodluyorum",
    "botlarım", "botum",
    # ru uk bg el eo
    "пишу", "делаю", "создаю", "разрабатываю", "программирую", "мои боты", "мой бот",
    "роблю", "створюю", "розробляю", "програмую", "мої боти", "мій бот", "пиша", "правя",
    "създавам", "γράφω", "φτιάχνω", "δημιουργώ", "αναπτύσσω", "προγραμματίζω",
    "mi verkas", "mi faras", "mi kreas", "mi programas", "mi skribas", "miaj robotoj",
    "miaj botoj",
    # id ms vi tl sw
    "saya membuat", "aku membuat", "bikin", "saya menulis", "mengembangkan", "bot saya",
    "mình viết", "tôi viết", "tôi làm", "mình làm", "phát triển", "gumagawa ako",
    "gumagawa", "sumusulat", "ninaandika", "ninatengeneza", "nimetengeneza",
    # ar fa he hi bn
    "أكتب", "اكتب", "أصنع", "أطور", "أبرمج", "بوتاتي", "نویسم", "سازم", "כותב", "כותבת",
    "בונה", "מפתח", "מפתחת", "הבוטים שלי", "बनाता", "बनाती", "बनाते", "लिखता", "लिखती",
    "বানাই", "লিখি",
    # th ja zh ko
    "เขียนบอท", "สร้างบอท", "ทำบอท", "作って", "作りました", "作ってます", "書いて",
    "開発して", "運営して", "作者", "写点", "写了", "做了", "开发", "開發", "寫了", "我写",
    "我做", "我的bot", "만들", "개발", "제작",
)

#: What may follow a refusal that ends a sentence: "Bots: no, thanks", "Bots not welcome here".
CLOSING_WORDS = (
    "thanks", "thank", "you", "please", "pls", "plz", "here", "welcome", "wanted", "allowed",
    "danke", "bitte", "hier", "erwünscht", "willkommen", "merci", "svp", "ici", "bienvenus",
    "gracias", "favor", "por", "aquí", "bienvenidos", "grazie", "per", "favore", "qui",
    "benvenuti", "obrigado", "obrigada", "aqui", "dank", "je", "welkom", "tack", "takk",
    "kiitos", "dziękuję", "dzięki", "proszę", "děkuji", "díky", "prosím", "köszönöm",
    "kérlek", "mulțumesc", "mersi", "vă", "rog", "teşekkürler", "teşekkür", "lütfen",
    "спасибо", "пожалуйста", "дякую", "будь", "ласка", "ευχαριστώ", "παρακαλώ", "dankon",
    "mi", "petas", "terima", "kasih", "cám", "ơn", "salamat", "po", "asante", "tafadhali",
    "شكرا", "شكراً", "ممنون", "لطفا", "תודה", "בבקשה", "धन्यवाद", "कृपया", "ধন্যবাদ",
    "ขอบคุณ", "ありがとう", "谢谢", "謝謝", "감사", "고맙", "합니다", "ạ",
)

#: A person saying they are one: "Human, despite the name…", "أنا إنسان حقيقي".
HUMAN_WORDS = (
    "human", "mensch", "humain", "humaine", "humano", "humana", "umano", "umana", "människa",
    "menneske", "ihminen", "człowiek", "człowiekiem", "člověk", "ember", "insan", "insanım",
    "человек", "людина", "άνθρωπος", "homo", "manusia", "binadamu", "إنسان", "انسان", "אדם",
    "इंसान", "মানুষ", "มนุษย์", "人間", "真人", "사람",
)

#: Robotics: robots here are machines, not accounts.
ROBOTICS_WORDS = (
    "robotic*", "robotik*", "robotiq*", "robótic*", "robotyk*", "robotiik*", "robotica",
    "robotică", "robotika", "робототехн*", "роботик*", "ρομποτικ*", "رباتیک*", "רובוטיקה",
    "रोबोटिक्स", "ロボット工学", "机器人工程", "機器人工程", "机器人学", "로봇공학",
    "mechatronic*", "mechatronik*", "mecatrónic*", "mécatroni*",
)

#: Words for robots as machines. Where they are the only bot words in a sentence, it
#: takes talk of following, messages, accounts or a refusal to make the sentence about
#: accounts ("my son loves robots" is not; "robots, don't follow me" is).
ROBOT_FORMS = (
    "robot*", "robô*", "robôs", "roboter", "робот*", "ρομπότ*", "רובוט*", "روبوت*", "الروبوت*",
    "रोबोट*", "রোবট*", "机器人", "機器人", "roboti", "roboți", "robotok", "robotar", "robotter",
    "robotti", "robotit", "robotów", "robotů", "robotov", "roboto", "robotoj", "robotojn",
)

# fmt: on
