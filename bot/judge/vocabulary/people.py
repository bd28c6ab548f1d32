"""People: how a person speaks of themselves, their roles, their family, and who is speaking.

Who is speaking? A bio in the first person singular is a person; one in the
first person plural with no "I" anywhere is an organisation, a group or a
family. Words that mean "I/my" in one language and "we" in another ("my" in
Polish, "mi" in Hungarian) are left out of the plural list.
"""

from __future__ import annotations

import re

# fmt: off

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
    "நாங்கள்", "sisi", "tayo", "kami'y", "namin", "natin", "είμαστε", "suntem", "noastră",
    "nostru", "نعمل", "نقدم", "ننظم", "نحاول",
})
#: Plural forms checked (and removed) before singular ones: scripts without spaces, and
#: languages whose "we" contains their "I".
PLURAL_CJK = (
    "私たち", "わたしたち", "僕たち", "弊社", "当店", "我们", "我們", "本店", "本社",
    # Vietnamese writes "we" as "plural marker + I": count it before "tôi" is counted as "I"
    "chúng tôi", "chúng mình", "chúng ta", "bọn mình", "bọn tôi",
)

SINGULAR_CJK = ("私は", "僕は", "わたしは", "我是", "我的", "我在", "ฉัน", "ดิฉัน", "ผมเป็น", "ผมชอบ")

# fmt: on

#: Verbs in the first person plural: Spanish and Portuguese ("defendemos", "abrimos"),
#: Italian ("organizziamo"), Turkish ("duyuruyoruz"), Hungarian ("vagyunk", "várunk"),
#: Romanian ("organizăm").
PLURAL_VERB_ENDINGS = ("amos", "emos", "imos", "iamo", "yoruz", "iyoruz", "ünk", "unk", "ăm")

# Words that are "I" in one language and something else in another ("i" is "and" in
# Catalan, "je" is "you" in Dutch) count only in their own company.
ENGLISH_I = re.compile(
    r"(?<![\w'’])I(?![\w'’])|(?<![\w'’])i\s+(?:am|was|love|like|work|make|write|post|live|do|"
    r"have|teach|run|study|play|build|read|think|want|can|will|just|also|don't|dont|"
    r"spend|enjoy|draw|paint|sing|cook|knit|code|moved|joined|use|care|try|mostly)\b"
)

FRENCH_JE = re.compile(
    r"(?<!\w)je\s+(?:suis|fais|vis|travaille|aime|parle|poste|cherche|viens|crois|pense|"
    r"dessine|écris|joue|cuisine|tricote|code|lis|chante|peins)\b",
    re.IGNORECASE,
)
