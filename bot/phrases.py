"""Keyword lists for the judge, and a matcher that cannot hang on hostile text.

Phrases are plain strings (from these defaults or from ``config.yaml``), never
user-supplied regular expressions. They are escaped and joined into one
alternation of literals, matched on folded text that is already bounded in
length, so the cost is linear in the text for any input.

Phrases in scripts written with spaces (Latin, Greek, Cyrillic…) only match
whole words: ``corp`` does not match inside ``corpse``. Phrases in scripts
without spaces (Japanese, Chinese) match anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text import fold

# fmt: off

def _spaced(ch: str) -> bool:
    """True for letters of scripts that separate words with spaces."""
    return ch.isascii() or "\u00c0" <= ch <= "\u052f" or "\u1e00" <= ch <= "\u1fff"


class PhraseSet:
    """A set of literal phrases, matched case- and width-insensitively."""

    def __init__(self, phrases: Iterable[str]) -> None:
        cleaned = sorted(
            {fold(p).strip() for p in phrases if p and p.strip()}, key=len, reverse=True
        )
        self.phrases = tuple(cleaned)
        parts = []
        for phrase in cleaned:
            body = re.escape(phrase).replace(r"\ ", r"\s+")
            left = r"(?<!\w)" if _spaced(phrase[0]) and (phrase[0].isalnum()) else ""
            right = r"(?!\w)" if _spaced(phrase[-1]) and (phrase[-1].isalnum()) else ""
            parts.append(f"{left}{body}{right}")
        self._pattern = re.compile("|".join(parts)) if parts else None

    def find(self, text: str) -> list[str]:
        """Distinct phrases found in ``text``, in order of first appearance."""
        if self._pattern is None or not text:
            return []
        seen: dict[str, None] = {}
        for match in self._pattern.finditer(fold(text)):
            seen.setdefault(" ".join(match.group(0).split()), None)
        return list(seen)

    def __bool__(self) -> bool:
        return bool(self.phrases)


# --------------------------------------------------------------------------- organisations

#: The account names itself an organisation ("official account", "株式会社").
IDENTITY_PHRASES = (
    "official account", "official page", "official profile", "brand account", "company account",
    "corporate account", "we are a company", "we are a leading", "leading provider",
    "offizieller account", "offizielles konto", "offizieller kanal", "offizielle seite",
    "offizielles profil", "unternehmensaccount", "compte officiel", "page officielle",
    "profil officiel", "cuenta oficial", "perfil oficial", "account ufficiale",
    "profilo ufficiale", "conta oficial", "officieel account", "officiële account",
    "officiellt konto", "officiel konto", "oficjalne konto", "resmi hesap", "公式アカウント",
    "公式ツイッター", "公式です", "株式会社", "有限会社", "官方账号", "官方帳號", "공식 계정",
)

#: The account speaks with an organisation's voice ("follow us", "our products").
ORGANISATION_PHRASES = (
    "follow us", "our products", "our product range", "our shop", "our store",
    "our online shop", "our services", "our customers", "our brand", "visit our website",
    "visit our shop", "customer service", "customer support", "customer care", "folgt uns",
    "folge uns", "unsere produkte", "unser shop", "unseren shop", "unser onlineshop",
    "kundenservice", "kundendienst", "suivez-nous", "suivez nous", "nos produits",
    "notre boutique", "service client", "service clients", "síguenos", "nuestros productos",
    "nuestra tienda", "atención al cliente", "atencion al cliente", "seguici",
    "i nostri prodotti", "il nostro negozio", "servizio clienti", "assistenza clienti",
    "siga-nos", "nossos produtos", "nossa loja", "atendimento ao cliente", "volg ons",
    "onze producten", "onze winkel", "klantenservice", "följ oss", "våra produkter",
    "kundtjänst", "følg os", "følg oss", "obserwuj nas", "nasze produkty", "bizi takip edin",
    "ürünlerimiz", "フォローしてね",
)

#: Commercial language: it takes two of these (or one with another sign) to count.
COMMERCE_PHRASES = (
    "happy users", "happy customers", "free trial", "try it free", "try it for free",
    "for teams", "sign up", "sign up free", "download the app", "get the app",
    "available on the app store", "get started", "pricing", "book a demo", "subscribe now",
    "newsletter", "jetzt testen", "kostenlos testen", "essai gratuit", "prueba gratis",
    "shop now", "buy now", "order now", "discount code", "promo code", "deals", "best deals",
    "free shipping", "contact us", "dm us", "press office", "press releases", "newsroom",
    "our team", "our mission", "products", "jetzt kaufen", "jetzt bestellen", "rabattcode",
    "gutscheincode", "angebote", "kontaktiert uns", "pressestelle", "code promo",
    "livraison gratuite", "contactez-nous", "código de descuento", "envío gratis", "ofertas",
    "codice sconto", "offerte", "frete grátis", "promoções", "aanbiedingen",
    "セール", "キャンペーン",
)

#: Legal-form suffixes: as the account's own name ("Acme GmbH") they mark an organisation.
COMPANY_SUFFIXES = (
    "inc", "inc.", "incorporated", "llc", "l.l.c.", "ltd", "ltd.", "limited", "plc", "corp",
    "corp.", "corporation", "co.", "company", "gmbh", "ag", "kg", "ug", "gbr", "e.v.", "ev",
    "s.a.", "sa", "s.a.s.", "sas", "sarl", "s.a.r.l.", "s.l.", "s.r.l.", "srl", "spa", "s.p.a.",
    "b.v.", "bv", "n.v.", "nv", "ab", "as", "a/s", "oy", "oyj", "pty ltd", "pty. ltd.", "k.k.",
    "kk", "sp. z o.o.", "a.s.", "s.r.o.", "ltda", "ltda.", "s.a. de c.v.",
)

#: Role addresses that organisations publish ("support@acme.example").
ROLE_ADDRESSES = (
    "support@", "help@", "info@", "contact@", "press@", "sales@", "hello@", "service@",
    "kontakt@", "presse@", "marketing@", "care@", "team@",
)

# --------------------------------------------------------------------------- people

#: A person speaking for themselves, even when they name an employer or say "we".
PERSON_PHRASES = (
    # en
    "opinions my own", "opinions are my own", "views my own", "views are my own",
    "my own opinions", "my own views", "all views mine", "personal account", "my personal",
    "i am", "i'm", "im a", "i work", "i teach", "i love", "i like", "i write", "i make",
    "i run", "i post", "i live", "my kids", "my family", "my wife", "my husband", "my partner",
    "my cat", "my cats", "my dog", "mom of", "mum of", "dad of", "mother of", "father of",
    "she/her", "he/him", "they/them", "family of", "we're a family", "we are a family",
    "a couple", "our kids", "new here", "just joined", "hello fediverse", "husband", "wife",
    "grandma", "grandpa", "retired",
    # de
    "meine meinung", "privater account", "privat hier", "ich bin", "ich arbeite", "ich mag",
    "ich liebe", "ich schreibe", "meine kinder", "mein hund", "meine katze", "mama von",
    "papa von", "wir sind eine familie", "neu hier",
    # fr
    "avis personnel", "opinions personnelles", "je suis", "j'aime", "je travaille",
    "mes enfants", "mon chat", "maman de", "papa de", "nouvelle ici", "nouveau ici",
    # es
    "opiniones propias", "opiniones personales", "soy", "me gusta", "trabajo en", "mis hijos",
    "mi gato", "madre de", "padre de", "nueva aquí", "nuevo aquí",
    # it / pt / nl / others
    "opinioni personali", "sono un", "sono una", "mi piace", "eu sou", "sou", "gosto de",
    "meus filhos", "minha opinião", "ik ben", "mijn mening", "jag är", "jestem", "ben bir",
    "私は", "僕は", "わたし",
)

# --------------------------------------------------------------------------- spam

#: Follow-for-follow bait: a strong sign of follow farming.
FOLLOW_BAIT_PHRASES = (
    "followback", "follow back", "follow4follow", "follow 4 follow", "follow for follow",
    "followforfollow", "f4f", "teamfollowback", "ifollowback", "i follow back",
    "100% follow back", "autofollow back", "follow me and i follow", "sigo de vuelta",
    "sígueme y te sigo", "folge zurück", "je follow en retour", "seguo chi mi segue", "l4l",
    "like4like", "gain followers", "more followers", "free followers",
    "free spins", "casino bonus", "welcome bonus", "bonus code", "betting", "sportsbook",
    "essay writing", "write your essay", "homework help", "recover your account",
    "account recovery", "hacked account", "代写", "加微信", "刷粉", "日赚", "兼职",
    "profit setiap hari", "tanpa modal", "sinyal", "jackpot", "slot gacor",
    "without prescription", "no prescription", "bitcoin accepted", "oxycodone", "xanax",
    "adderall", "tramadol", "discreet shipping", "looking for a man", "looking for a serious man",
    "write me on my page", "message me on my page", "знакомства", "ищу мужчину",
    "ищу серьёзного мужчину", "для общения и встреч", "пиши мне", "busco hombre", "escríbeme",
    "suche mann", "schreib mir", "je cherche un homme", "écris-moi", "procuro homem",
)

#: Money, crypto, dating and promotion bait. Two of these, or one beside a link from an
#: account that never speaks as a person, mark spam. Ambiguous words stay out.
BAIT_PHRASES = (
    "earn $", "earn money", "make money online", "make $", "passive income",
    "financial freedom", "forex", "forex trading", "trading signals", "binary options",
    "crypto signals", "investment opportunity", "guaranteed profit", "guaranteed returns",
    "double your", "airdrop", "free airdrop", "dm me to earn", "dm for promo", "promo dm",
    "paid promotion", "onlyfans", "only fans", "fansly", "18+ content", "nsfw content",
    "click the link in bio", "whatsapp me", "telegram me", "contact me on telegram", "cash app",
    "bitcoin investment", "nft drop", "get rich", "looking for a chat", "find me here",
    "chat with me", "hot singles", "singles near", "nudes", "cam girl", "private photos",
    "exclusive content", "cheap meds", "viagra", "betting tips", "seo services",
    "buy followers", "gana dinero", "geld verdienen", "gagner de l'argent", "ganhe dinheiro",
)

# --------------------------------------------------------------------------- automation

#: Posting apps that post on someone's behalf: feeds, schedulers, check-ins, crossposters.
AUTOMATION_APPS = (
    "ifttt", "dlvr.it", "dlvrit", "buffer", "hootsuite", "zapier", "make.com", "integromat",
    "foursquare", "swarm", "swarmapp", "feed2toot", "feed2fedi", "rss2mastodon",
    "rss-to-mastodon", "rss", "mastodon twitter crossposter", "moa", "moa.party", "crossposter",
    "twitter crossposter", "bridgy", "bridgy fed", "sociallink", "socialbee", "later", "publer",
    "sprout social", "feedbot", "newsbot", "autopost", "autoposter", "wordpress",
    "activitypub for wordpress", "jetpack", "micro.blog", "instagram", "tumblr", "youtube",
    "github actions", "botsin.space", "n8n", "node-red", "cron",
)

#: Phrases of automated check-ins and crossposts inside the post text.
AUTOMATED_TEXT_PHRASES = (
    "i'm at", "i’m at", "ich bin bei", "ich bin im", "je suis à", "estoy en", "sono a",
    "check-in", "checked in at", "4sq.com", "swarmapp.com", "foursquare.com", "new post:",
    "new blog post:", "new article:", "neuer beitrag:", "nouvel article", "via ifttt",
    "via dlvr.it", "via buffer", "crossposted from", "originally posted on", "(auto-posted)",
    "#autopost", "#rss",
    "automatically posted", "posted automatically", "posts automatically", "automated account",
    "automated posts", "auto-posted", "autoposted", "unofficial mirror", "mirror of", "feed of",
    "news feed", "new episode", "new episodes", "neue folge", "nouvel épisode",
    "nuevo episodio", "new video", "new release:", "automatisch gepostet",
    "publié automatiquement", "publicado automáticamente",
)

# fmt: on

#: Opt-out hashtags are in ``bot.config.DEFAULT_OPT_OUT_TAGS``.


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def strip_urls(text: str) -> str:
    return _URL.sub(" ", text)


def url_count(text: str) -> int:
    return len(_URL.findall(text))


# --------------------------------------------------------------------------- grammatical person
# Who is speaking? A bio in the first person singular is a person; one in the
# first person plural with no "I" anywhere is an organisation, a group or a
# family. Words that mean "I/my" in one language and "we" in another ("my" in
# Polish, "mi" in Hungarian) are left out of the plural list.

# fmt: off
SINGULAR_WORDS = frozenset({
    "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll", "i’ll", "me", "my", "mine", "myself",
    "ich", "mich", "mir", "mein", "meine", "meinen", "meiner", "meinem", "bin",
    "j'aime", "j’aime", "j'ai", "j’ai", "moi", "suis",
    "yo", "mí", "mi", "mis", "soy", "estoy", "eu", "meu", "minha", "meus", "minhas", "sou",
    "io", "mio", "mia", "miei", "sono", "ik", "mijn", "jag", "mitt", "mina",
    "jeg", "mój", "moja", "moje", "jestem", "já", "můj", "jsem", "benim", "saya",
    "aku", "tôi", "mình", "én", "vagyok", "minä", "olen", "ég", "meva", "fy", "rwy'n",
    "rwy’n", "я", "мой", "моя", "мій", "мені", "εγώ", "μου", "मैं", "मेरा", "मेरी", "أنا",
    "אני", "من", "நான்", "আমি", "ผม", "ฉัน", "나는", "저는", "mimi", "ngiyi", "ako", "aš",
})
PLURAL_WORDS = frozenset({
    "we", "we're", "we’re", "we've", "we’ve", "we'll", "we’ll", "our", "ours", "ourselves",
    "wir", "uns", "unser", "unsere", "unseren", "unserem", "unserer", "nous", "notre",
    "nos", "nosotros", "nosotras", "nuestro", "nuestra", "nuestros", "nuestras", "somos",
    "nós", "nosso", "nossa", "nossos", "nossas", "noi", "nostro", "nostra", "nostri",
    "nostre", "siamo", "wij", "onze", "ons", "vi", "vår", "våre", "våra", "oss", "vores",
    "nasz", "nasza", "nasze", "jesteśmy", "jsme", "náš", "naše", "biz", "bizim", "kami",
    "kita", "meidän", "olemme", "við", "okkar", "мы", "наш", "наша", "наши", "ми", "наші",
    "εμείς", "μας", "हम", "हमारा", "हमारी", "نحن", "אנחנו", "우리", "저희", "เรา", "আমরা",
    "நாங்கள்", "sisi", "tayo", "kami'y",
})
# Scripts without spaces: plural forms are checked (and removed) before singular ones.
PLURAL_CJK = ("私たち", "わたしたち", "僕たち", "弊社", "当店", "我们", "我們", "本店", "本社")
SINGULAR_CJK = ("私は", "僕は", "わたしは", "我是", "我的", "我在")

#: A person's role in the world: "teacher", "nurse", "mum".
PERSON_ROLES = (
    "teacher", "nurse", "student", "mum", "mom", "dad", "parent", "grandma", "grandpa",
    "engineer", "developer", "programmer", "artist", "writer", "author", "poet", "designer",
    "illustrator", "photographer", "musician", "researcher", "scientist", "doctor",
    "librarian", "retired", "retiree", "farmer", "priest", "pastor", "vicar", "rabbi",
    "imam", "activist", "gamer", "phd", "lecturer", "professor", "freelancer", "freelance",
    "husband", "wife", "partner", "lehrerin", "lehrer", "krankenschwester", "studentin",
    "entwickler", "entwicklerin", "künstlerin", "künstler", "rentner", "rentnerin",
    "professeur", "professeure", "infirmière", "infirmier", "étudiant", "étudiante",
    "maman", "papa", "retraité", "retraitée", "profesora", "profesor", "enfermera",
    "estudiante", "jubilado", "jubilada", "professora", "enfermeira", "estudante",
    "aposentado", "aposentada", "insegnante", "infermiera", "studentessa", "pensionato",
    "leraar", "lerares", "verpleegkundige", "lärare", "sjuksköterska", "nauczycielka",
    "nauczyciel", "učitelka", "öğretmen", "guru", "mahasiswa", "she/her", "he/him",
    "they/them", "sie/ihr", "er/ihm", "elle", "ela/dela", "ele/dele",
)
FAMILY_PHRASES = (
    "family", "familie", "famille", "familia", "família", "famiglia", "gezin", "couple",
    "married", "my partner and i", "husband and wife", "wife and i", "husband and i",
    "twins", "kids", "children", "rodzina", "rodina", "aile", "keluarga",
)

#: Kinds of organisation, as a name or a self-description: "Librería La Lechuza".
ORGANISATION_NOUNS = (
    "shop", "store", "bakery", "cafe", "café", "coffeehouse", "restaurant", "bistro", "pub",
    "brewery", "distillery", "winery", "bookshop", "bookstore", "bookseller", "library",
    "museum", "gallery", "theatre", "theater", "cinema", "studio", "studios", "agency",
    "podcast", "radio", "magazine", "newspaper", "newsroom", "journal", "publishing",
    "publisher", "records", "association", "society", "union", "league", "federation",
    "foundation", "institute", "council", "ministry", "university", "school", "college",
    "academy", "hospital", "clinic", "church", "parish", "collective", "cooperative", "co-op",
    "ngo", "nonprofit", "non-profit", "charity", "festival", "conference", "meetup",
    "company", "startup", "hq", "software", "consulting", "consultancy", "agency",
    "bäckerei", "laden", "kneipe", "brauerei", "buchhandlung", "bibliothek", "galerie",
    "kino", "verlag", "zeitung", "magazin", "verein", "verband", "stiftung", "institut",
    "gemeinde", "stadtverwaltung", "landkreis", "ministerium", "partei", "gewerkschaft",
    "hochschule", "universität", "schule", "kirche", "genossenschaft", "kollektiv",
    "konferenz", "boulangerie", "boutique", "librairie", "bibliothèque", "musée",
    "théâtre", "cinéma", "collectif", "fondation", "mairie", "éditions", "syndicat",
    "école", "université", "église", "coopérative", "tienda", "panadería", "librería",
    "biblioteca", "museo", "galería", "teatro", "cine", "asociación", "colectivo",
    "fundación", "instituto", "ayuntamiento", "periódico", "revista", "editorial",
    "sindicato", "escuela", "universidad", "iglesia", "cooperativa", "restaurante",
    "cafetería", "loja", "padaria", "livraria", "museu", "associação", "coletivo",
    "fundação", "prefeitura", "jornal", "editora", "escola", "universidade", "igreja",
    "ong", "negozio", "panetteria", "libreria", "galleria", "associazione", "collettivo",
    "fondazione", "istituto", "comune", "giornale", "rivista", "scuola", "università",
    "chiesa", "ristorante", "osteria", "trattoria", "winkel", "bakkerij", "boekhandel",
    "bibliotheek", "vereniging", "stichting", "gemeente", "krant", "uitgeverij", "vakbond",
    "kerk", "botiga", "forn", "llibreria", "associació", "fundació", "ajuntament", "escola",
    "butik", "bageri", "bokhandel", "bibliotek", "förening", "forening", "stiftelse",
    "kommun", "kommune", "tidning", "förlag", "fackförbund", "skola", "skole", "kyrka",
    "kirke", "sklep", "piekarnia", "księgarnia", "biblioteka", "stowarzyszenie",
    "fundacja", "urząd", "gazeta", "szkoła", "obchod", "pekárna", "knihkupectví",
    "knihovna", "spolek", "nadace", "sdružení", "noviny", "fırın", "kitabevi", "kütüphane",
    "dernek", "vakıf", "belediye", "gazete", "okul", "warung", "toko", "kedai", "kafe",
    "perpustakaan", "yayasan", "perkumpulan", "komunitas", "sekolah", "магазин", "кафе",
    "пекарня", "библиотека", "ассоциация", "фонд", "газета", "журнал", "издательство",
    "бібліотека", "асоціація", "協会", "財団", "書店", "図書館", "編集部", "公司", "协会",
    "基金会", "书店", "图书馆", "협회", "재단", "서점", "도서관",
    "newsletter", "hírportál", "híradó", "news portal", "nachrichtenportal", "portal de noticias",
    "fırını", "ラーメン店", "店舗", "sindicato", "gremio", "union local",
)

#: Profile field names that organisations use.
ORGANISATION_FIELDS = (
    "jobs", "careers", "shop", "store", "press", "support", "donate", "donations",
    "newsletter", "address", "opening hours", "hours", "phone", "tel", "öffnungszeiten",
    "adresse", "horaires", "horario", "dirección", "endereço", "orari", "spenden", "impressum",
    "subscribe", "abonnieren", "s'abonner", "suscribirse", "cfp", "tickets", "booking",
    "reservations", "menu", "speisekarte", "carte",
)

#: Hiring, donations, membership, opening hours: how organisations talk.
ORGANISATION_ACTIVITY = (
    "we're hiring", "we are hiring", "join our team", "wir stellen ein", "on recrute",
    "estamos contratando", "stiamo assumendo", "donate", "spenden", "faire un don",
    "haz un donativo", "become a member", "mitglied werden", "devenez membre",
    "hazte socio", "opening hours", "open daily", "open every day", "walk-ins welcome",
    "öffnungszeiten", "geöffnet", "horaires d'ouverture", "horario de apertura",
    "horário de funcionamento", "orari di apertura", "openingstijden", "buka setiap hari",
    "営業時間", "new episodes every", "listen now", "subscribe to our", "sign up for our",
    "営業時間", "定休日", "店です", "support us", "unterstützt uns", "unterstütze uns",
    "soutenez-nous", "apóyanos", "apoie", "sostienici", "steun ons", "wesprzyj nas",
    "támogass minket", "destek ol", "join us", "únete", "afíliate", "mach mit",
    "rejoignez-nous", "junte-se", "unisciti", "call for papers", "new issue every",
    "new episode every", "nuevo episodio", "nuovo episodio", "neue folge", "novo episódio",
    "subscribe free", "tickets", "sponsorship", "sponsors", "since 19", "seit 19", "depuis 19",
    "desde 19", "dal 19", "sinds 19", "'den beri", "’den beri", "sipariş", "bestellungen",
    "reservations", "reservierung", "réservation", "reservas", "prenotazioni",
)
# fmt: on

_HOURS = re.compile(
    r"(?<!\w)(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|sam|dim)"
    r"[a-zé]{0,6}\.?\s?[-–—]\s?(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar"
    r"|mer|jeu|ven|sam|dim)[a-zé]{0,6}\b"
    r"|\b\d{1,2}[:.h]\d{2}\s?[-–—~〜～]\s?\d{1,2}[:.h]\d{2}\b"
    r"|\b\d{1,2}\s?(?:am|pm)\s?[-–—]\s?\d{1,2}\s?(?:am|pm)\b",
    re.IGNORECASE,
)


def opening_hours(text: str) -> bool:
    return bool(_HOURS.search(text[:5000]))


_WORD = re.compile(r"[\w'’]+")
# Spanish and Portuguese verbs in the first person plural ("defendemos", "abrimos").
_PLURAL_VERB_ENDINGS = ("amos", "emos", "imos")
# Words that are "I" in one language and something else in another ("i" is "and" in
# Catalan, "je" is "you" in Dutch) count only in their own company.
_ENGLISH_I = re.compile(
    r"(?<![\w'’])I(?![\w'’])|(?<![\w'’])i\s+(?:am|was|love|like|work|make|write|post|live|do|"
    r"have|teach|run|study|play|build|read|think|want|can|will|just|also|don't|dont|"
    r"spend|enjoy|draw|paint|sing|cook|knit|code|moved|joined|use|care|try|mostly)\b"
)
_FRENCH_JE = re.compile(
    r"(?<!\w)je\s+(?:suis|fais|vis|travaille|aime|parle|poste|cherche|viens|crois|pense|"
    r"dessine|écris|joue|cuisine|tricote|code|lis|chante|peins)\b",
    re.IGNORECASE,
)


def grammatical_person(text: str) -> tuple[int, int]:
    """How often a text says "I/my" and "we/our", across languages."""
    bounded = text[:20000]
    folded = fold(bounded)
    plural = 0
    for form in PLURAL_CJK:
        plural += folded.count(form)
        folded = folded.replace(form, " ")
    singular = sum(folded.count(form) for form in SINGULAR_CJK)
    singular += len(_ENGLISH_I.findall(bounded)) + len(_FRENCH_JE.findall(bounded))
    for word in _WORD.findall(folded):
        if word in SINGULAR_WORDS:
            singular += 1
        elif word in PLURAL_WORDS or (len(word) >= 7 and word.endswith(_PLURAL_VERB_ENDINGS)):
            plural += 1
    return singular, plural


#: Talking off the platform: phone numbers and messenger handles (spam's favourite).
_OFF_PLATFORM = re.compile(
    r"(?:whats\s?app|wa\.me|\bwa\s?:|telegram|t\.me/|wechat|微信|line\s?id|kakaotalk|signal\s?:)"
    r"|(?:\+\d{1,3}[\s-]?\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4})",
    re.IGNORECASE,
)


def off_platform_contact(text: str) -> bool:
    return bool(_OFF_PLATFORM.search(text[:5000]))


#: A profile that says it is a group others post through ("follow to join").
GROUP_PHRASES = (
    "follow to join",
    "follow this group",
    "follow it to join",
    "mention the group",
    "this is a group",
    "a group on",
    "guppe group",
    "boosts everything mentioning",
    "boosts posts that mention",
    "gruppe beitreten",
    "diese gruppe",
    "dies ist eine gruppe",
    "(gruppe)",
    "(group)",
    "(groupe)",
    "(grupo)",
    "(gruppo)",
    "friendica-forum",
    "friendica forum",
    "lemmy community",
    "an alle mitglieder",
    "to all members",
    "à tous les membres",
    "a todos los miembros",
)
GROUP_DOMAINS = ("a.gup.pe",)

#: A profile that says its posts are made by a program.
AUTOMATION_SELF_DESCRIPTION = (
    "a script",
    "python script",
    "scraped from",
    "scraped",
    "posted by a script",
    "automated account",
    "this account is automated",
    "automatically posted",
    "posted automatically",
    "posts automatically",
    "auto-generated",
    "autogenerated",
    "no human",
    "not monitored",
    "unmonitored",
    "nobody reads",
    "skript",
    "žádný člověk",
    "kein mensch",
    "automatisch",
    "automatiquement",
    "automáticamente",
    "automaticamente",
    "feed of",
    "mirror of",
    "unofficial mirror",
    "rss feed",
    "via rss",
)


#: Signs in a bio that it belongs to a place of business: an address line.
ADDRESS_LABELS = (
    "address:",
    "adresse:",
    "adres:",
    "dirección:",
    "endereço:",
    "indirizzo:",
    "adresa:",
    "osoite:",
    "住所",
    "地址",
)

# --------------------------------------------------------------------------- opt-out prose

#: An opt-out said in a sentence: a bot word, a follow word and a refusal, together.
OPT_OUT_BOT_WORDS = (
    "bot",
    "bots",
    "robot",
    "robots",
    "ボット",
    "机器人",
    "機器人",
    "봇",
    "бот",
    "боты",
    "ботов",
)
OPT_OUT_FOLLOW_WORDS = (
    "follow",
    "follows",
    "following",
    "followed",
    "folgen",
    "folgt",
    "suivre",
    "suivent",
    "seguir",
    "sigan",
    "siga",
    "sigue",
    "segui",
    "seguano",
    "sigam",
    "volgen",
    "följ",
    "följa",
    "følg",
    "følge",
    "obserwuj",
    "obserwować",
    "takip",
    "フォロー",
    "关注",
    "關注",
    "팔로우",
    "подписываться",
    "подписка",
)
OPT_OUT_REFUSALS = (
    "no",
    "not",
    "don't",
    "dont",
    "do not",
    "never",
    "please don't",
    "keine",
    "kein",
    "nicht",
    "pas",
    "ne",
    "ni",
    "sin",
    "no quiero",
    "sem",
    "não",
    "non",
    "niet",
    "geen",
    "inte",
    "ikke",
    "nie",
    "ご遠慮",
    "遠慮",
    "禁止",
    "お断り",
    "お断わり",
    "请勿",
    "請勿",
    "不要",
    "금지",
    "사절",
    "не",
    "нет",
)

_SENTENCE = re.compile(r"[^.!?。！？\n]+")
_OPT_OUT_SETS = (
    PhraseSet(OPT_OUT_BOT_WORDS),
    PhraseSet(OPT_OUT_FOLLOW_WORDS),
    PhraseSet(OPT_OUT_REFUSALS),
)


def opt_out_sentence(text: str) -> str | None:
    """A sentence that refuses bot follows in so many words, in any of several languages."""
    bots, follows, refusals = _OPT_OUT_SETS
    for sentence in _SENTENCE.findall(text[:5000]):
        folded = fold(sentence)
        # Japanese and Chinese write "bot" inside words: look for it without word bounds.
        has_bot = bool(bots.find(sentence)) or "bot" in folded and not folded.isascii()
        if has_bot and follows.find(sentence) and refusals.find(sentence):
            return " ".join(sentence.split())[:80]
    return None
