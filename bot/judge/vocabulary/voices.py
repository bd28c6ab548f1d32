"""Organisations by voice and role, in many languages: who speaks for whom.

These are closed word lists for ``bot.judge.lexicon`` (whole words; ``stem*`` a
word's beginning; ``*piece*`` inside a word; unspaced scripts anywhere; Hangul
by a word's beginning) and ``Phrases`` (short runs of such words).
"""

from __future__ import annotations

# fmt: off

#: Kinds of organisation, in many languages and their common forms: "Sindacato …",
#: "Obec …", "جمعية …", "โรงเรียน…". Words that are also people's roles stay out.
ORGANISATION_KINDS = (
    # associations, clubs, unions, cooperatives, foundations, NGOs
    "association*", "associaç*", "associació*", "asociaci*", "asociația", "asociatia",
    "associazion*", "vereniging*", "verein*", "förening*", "forening*", "yhdistys*",
    "stowarzyszeni*", "spolek", "spolku", "sdružení", "egyesület*", "dernek*", "derneği",
    "perkumpulan", "perhimpunan", "asosiasi", "samahan", "chama", "جمعية", "انجمن",
    "עמותה", "עמותת", "σύλλογος", "συλλόγου", "σωματείο*", "asocio", "ассоциаци*",
    "асоціаці*", "объединени*", "об'єднанн*", "club", "klub*", "kulübü", "klubo", "клуб*",
    "syndicat*", "sindicat*", "sindacat*", "sindikat*", "szakszervezet*", "sendika*",
    "gewerkschaft*", "vakbond*", "fackförbund*", "związek", "odbory", "профсоюз*",
    "профспілк*", "συνδικάτ*", "serikat", "unyon", "nakabas", "نقابة", "اتحادیه",
    "סתדרות", "איגוד", "यूनियन", "संगठन", "สหภาพ", "労働組合", "工会", "工會", "노조",
    "노동조합", "union", "cooperativ*", "coopérativ*", "kooperati*", "genossenschaft*",
    "coöperatie*", "spółdzielni*", "družstvo", "szövetkezet*", "koperasi", "ushirika",
    "تعاونية", "تعاونی", "קואופרטיב", "सहकारी", "สหกรณ์", "協同組合", "合作社", "협동조합",
    "foundation", "stiftung", "fondation", "fundación", "fundação", "fondazione", "stichting",
    "stiftelse", "säätiö", "fundacja", "nadace", "nadácia", "alapítvány*", "fundația",
    "vakfı", "vakıf", "yayasan", "wakfu", "مؤسسة", "بنیاد", "קרן", "फाउंडेशन", "มูลนิธิ",
    "財団", "基金会", "基金會", "재단", "ίδρυμα", "фонд", "ngo", "ong", "nno", "ngos",
    "nonprofit", "non-profit", "مردم‌نهاد", "مردم نهاد", "非営利", "非营利", "비영리",
    # public bodies
    "municipality", "municipio", "município", "municipi", "comune", "gemeinde", "gemeente",
    "kommun", "kommune", "kunta", "gmina", "obec", "obce", "obecní", "önkormányzat*",
    "primăria", "primaria", "belediye*", "kelurahan", "kecamatan", "barangay", "sangguniang",
    "manispaa", "بلدية", "شهرداری", "עיריית", "עירייה", "नगर", "เทศบาล", "市役所", "町役場",
    "役場", "区役所", "市政府", "구청", "시청", "δήμος", "δήμου", "мэрия", "администраци*",
    "адміністрац*", "ayuntamiento", "ajuntament", "mairie", "stadtverwaltung", "rathaus",
    "ministry", "ministerio", "ministère", "ministerium", "ministero", "ministerie",
    # places that serve the public
    "library", "bibliothek", "stadtbibliothek", "stadtteilbibliothek", "bibliothèque",
    "biblioteca", "bibliotheek", "bibliotek", "kirjasto", "biblioteka", "knihovna",
    "könyvtár", "kütüphane*", "perpustakaan", "aklatan", "maktaba", "مكتبة", "المكتبة",
    "کتابخانه", "ספרייה", "ספריית", "पुस्तकालय", "ห้องสมุด",
    "βιβλιοθήκη", "biblioteko", "библиотек*", "бібліотек*",
    "school", "schule", "école", "escuela", "escola", "scuola", "basisschool", "skola",
    "skole", "koulu", "szkoła", "szkoła", "škola", "iskola", "școala", "scoala", "okulu",
    "okul", "sekolah", "paaralan", "shule", "مدرسة", "مدرسه", "विद्यालय",
    "स्कूल", "โรงเรียน*", "σχολείο", "lernejo", "школа", "гимнази*",
    "museum", "musée", "museo", "museu", "muzeum", "múzeum", "müze*", "музей", "μουσείο",
    "متحف", "موزه", "מוזיאון", "संग्रहालय", "พิพิธภัณฑ์",
    # media
    "podcast", "подкаст", "پادکست", "פודקאסט",
    "पॉडकास्ट", "พอดแคสต์", "radio", "rádio", "rádió", "radyo*", "redio", "радио", "радіо",
    "ραδιόφωνο", "راديو", "رادیو", "רדיו", "रेडियो", "วิทยุ",
    "fm", "newspaper", "zeitung", "journal", "quotidiano", "giornale", "periódico",
    "jornal", "krant", "tidning", "sanomalehti", "gazeta", "noviny",
    "újság", "ziar*", "ziarul", "gazete*", "koran", "pahayagan", "gazeti",
    "εφημερίδα", "газета", "جريدة", "صحيفة", "روزنامه", "هفته‌نامه", "هفته نامه", "עיתון",
    "अख़बार", "अखबार", "หนังสือพิมพ์", "报纸", "報紙", "gazeto", "magazine",
    "magazin", "revista", "rivista", "tijdschrift", "tidskrift", "czasopismo", "časopis",
    "dergi*", "журнал", "περιοδικό", "majalah",
    # shops, cafés, workshops
    "shop", "store", "boutique", "tienda", "loja", "negozio", "winkel", "butik", "kauppa",
    "sklep", "obchod", "bolt", "magazin", "dükkan*", "mağaza*", "toko",
    "tindahan", "duka", "متجر", "فروشگاه", "חנות", "दुकान", "ร้าน*", "商店", "小店",
    "κατάστημα", "butiko", "магазин", "крамниц*", "bakery", "bäckerei",
    "boulangerie", "panadería", "padaria", "panetteria", "forn", "bakkerij", "bageri",
    "leipomo", "piekarnia", "pekárna", "pékség", "brutărie", "fırın*", "panaderya",
    "مخبز", "نانوایی", "מאפייה", "बेकरी", "φούρνος",
    "bakejo", "пекарня", "cafe", "café", "cafè", "kavárna", "kawiarnia", "kávézó",
    "cafenea", "kahve", "kafe", "kafé", "kahvila", "kapihan", "مقهى", "کافه", "בית קפה",
    "कैफ़े", "คาเฟ่", "καφετέρια", "kafejo", "кафе",
    "кав'ярн*", "studio", "stúdió", "студия", "студія", "استودیو", "工作室",
    "工房", "restaurant", "restaurante", "ristorante", "ravintola", "restauracja",
    "restaurace", "étterem", "restoran", "مطعم", "رستوران", "מסעדה", "रेस्टोरेंट",
    "ร้านอาหาร", "εστιατόριο", "ресторан",
    # companies
    "company", "firma", "empresa", "azienda", "bedrijf", "företag", "yritys", "spółka",
    "společnost", "cég", "şirket*", "perusahaan", "kumpanya", "kampuni", "شركة",
    "شرکت", "חברה", "कंपनी", "บริษัท", "εταιρεία", "компани*",
    "công đoàn", "hiệp hội", "thư viện", "cửa hàng", "tạp chí", "nhà hàng", "công ty",
    "doanh nghiệp", "tờ báo", "bank", "banque", "banco", "banca", "băncii", "bankası", "банк",
    "البنك",
    "بانک", "בנק", "बैंक", "ธนาคาร",
    "makerspace", "hackerspace", "coworking", "fablab", "repair café", "yayınevi", "yayınları",
    "yayınevleri", "संस्था", "librărie", "librăria", "καφέ", "quán", "*bolt", "*kahvila",
    "trust", "campaign", "pizzeria", "taquería", "brasserie", "lokanta", "кофейня", "столовая",
    "tiệm", "klabu", "casal", "espai", "közösség", "kör", "tierheim", "schronisko", "shelter",
    "refugio", "rifugio", "asiel", "divadlo", "*biblioteket", "*bibliothek", "*theater",
    "food bank", "pivovar", "pivovaru", "kino", "teatro", "咖啡店", "书店", "書店", "کتابفروشی",
    "nhà sách", "*forbund", "*förbund", "*verband", "*liitto", "*seura", "*klubb", "suite",
    "toolkit", "framework", "engine", "app", "application", "platform", "browser", "plugin",
    "extension",
    "médiathèque", "mediateca", "mediathek", "ludothèque",
    # compounds, where the kind is the last part of one long word ("Lankakauppa")
    "*kauppa", "*kirjasto", "*yhdistys", "*leipomo", "*ravintola", "*bibliothek", "*bäckerei",
    "*buchhandlung", "*genossenschaft", "*bibliotheek", "*vereniging", "*förening",
    "*bibliotek", "*egyesület", "*könyvtár",
)

#: "Official": the account says it speaks for something, in so many words.
OFFICIAL_WORDS = (
    "official", "offiziell*", "officiel*", "oficial*", "ufficial*", "officieel", "officiële",
    "officiell*", "officiel", "oficjaln*", "oficiální", "oficiálny", "oficiálna", "hivatalos",
    "resmi", "resmî", "chính thức", "официальн*", "офіційн*", "επίσημ*", "oficiala", "oficialaj",
    "rasmi",
    "opisyal", "الرسمي", "الرسمية", "رسمی", "رسمي", "הרשמי", "הרשמית",
    "आधिकारिक", "অফিসিয়াল", "ทางการ", "公式", "官方", "공식",
)

#: What an official voice has: an account, a page, a channel.
OFFICIAL_OF = (
    "account*", "konto", "kontot", "compte", "cuenta", "conta", "profil*", "profiel", "presence",
    "feed", "voice", "outlet",
    "page", "pagina", "página", "seite", "oldal*", "oldala", "stránka", "strona", "sayfa*",
    "hesap*", "hesabı*", "hesabıdır", "účet", "fiók*", "cont", "tili", "kanał", "kanal",
    "kanaal", "channel", "chaîne", "canal", "canale", "csatorna", "аккаунт*", "акаунт*",
    "страниц*", "сторінк*", "канал*", "λογαριασμ*", "σελίδα", "konto", "akun", "akaun",
    "akaunti", "ukurasa", "حساب*", "الحساب", "صفحة", "قناة", "کانال",
    "صفحه", "tài khoản", "trang chính thức", "חשבון", "הערוץ", "ערוץ", "עמוד", "अकाउंट*", "पेज",
    "บัญชี*", "アカウント",
    "ページ", "账号", "帳號", "账户", "频道", "頻道", "계정", "채널", "페이지",
)

#: "Unofficial": a fan's or a person's account about something, not its voice.
UNOFFICIAL_WORDS = (
    "unofficial", "inoffiziell*", "onofficieel", "onofficiële", "inofficiell*", "uoffisiell*",
    "uofficiel*", "epävirallinen", "nieoficjaln*", "neoficiální", "neoficiálny", "neoficial*",
    "неофициальн*", "неофіційн*", "ανεπίσημ*", "非公式", "非官方", "비공식", "ไม่เป็นทางการ",
    "non officiel", "non officielle", "no oficial", "não oficial", "non ufficiale",
    "nem hivatalos", "gayri resmi", "tidak resmi", "không chính thức", "hindi opisyal",
    "si rasmi", "غير رسمي", "غیر رسمی", "לא רשמי", "अनौपचारिक", "fan account",
)

#: Mascots, characters and virtual assistants speak for a brand.
PERSONA_WORDS = (
    "mascot*", "mascota", "mascotte", "maskottchen", "maskot*", "маскот*", "талисман*",
    "μασκότ", "マスコット", "キャラクター", "キャラ", "ゆるキャラ", "吉祥物", "마스코트",
    "캐릭터", "tamgha", "تميمة",
)
PERSONA_PHRASES = (
    "virtual assistant", "asistenta virtuală", "asistentul virtual", "asistente virtual",
    "assistente virtuale", "virtuele assistent", "virtueller assistent",
    "virtuelle assistentin", "assistant virtuel", "assistante virtuelle", "assistente virtual",
    "virtuaaliavustaja", "wirtualny asystent", "wirtualna asystentka", "virtuální asistent",
    "virtuális asszisztens", "sanal asistan", "виртуальный помощник", "віртуальний помічник",
    "εικονικός βοηθός", "asisten virtual", "trợ lý ảo", "msaidizi pepe", "مساعد افتراضي",
    "دستیار مجازی", "עוזר וירטואלי", "वर्चुअल असिस्टेंट", "ผู้ช่วยเสมือน",
    "バーチャルアシスタント", "虚拟助手", "虛擬助理", "가상 비서", "brand ambassador",
    # the person inside a brand account, in Japanese, Chinese and Korean usage
    "中の人", "小编", "小編", "담당자", "운영자",
)

#: "I run the account for …", "I look after this account": someone speaking for a place
#: (counted on the place's own account: its name is in the bio, or it is a kind of place).
RUNS_THE_ACCOUNT = (
    "i run the account", "i run this account", "i look after the account",
    "i look after this account", "i manage the account", "i manage this account",
    "i run the socials", "ich betreue den account", "ich betreue dieses konto",
    "je gère le compte", "je m'occupe du compte", "llevo la cuenta", "gestiono la cuenta",
    "llevo las redes", "cuido a conta", "gerencio a conta", "gestisco l'account",
    "porto el compte", "porto jo el compte", "ik beheer het account", "ik beheer dit account",
    "jag sköter kontot", "jeg styrer kontoen", "hoidan tiliä", "prowadzę konto",
    "prowadzę profil", "spravuji účet", "spravuju účet", "én kezelem", "gestionez contul",
    "hesabı yönetiyorum", "веду аккаунт", "веду этот аккаунт", "веду акаунт",
    "διαχειρίζομαι τον λογαριασμό", "mi administras la konton", "saya mengelola akun",
    "aku mengelola akun", "quản lý trang", "người quản lý trang", "ako ang nagpapatakbo",
    "ninasimamia akaunti", "أدير حساب", "أدير صفحة", "مدیریت صفحه", "אני מנהל את החשבון",
    "אני מנהלת את החשבון", "店主が", "店長が", "スタッフが", "운영하고", "관리하고",
)

#: "This account is run by …", "on behalf of …": said of the account, not by a person of
#: themselves (a sentence in the first person singular does not count).
RUN_BY = (
    "this account is run by", "account run by", "this account is managed by",
    "this account is maintained by", "this account is operated by", "account managed by",
    "account maintained by", "account operated by", "on behalf of", "betreut von", "im namen",
    "géré par", "au nom de", "gestionado por", "en nombre de", "gestita da", "a nome di",
    "beheerd door", "namens", "prowadzone przez", "w imieniu", "от имени", "代表して",
    "dieser account wird betreut", "ce compte est géré", "esta cuenta es gestionada",
)

#: A team: "— the X team", "the team behind", "Es schreibt das Team".
TEAM_WORDS = (
    "team", "teamet", "teams", "équipe", "equipo", "equipa", "squadra", "tiimi", "zespół",
    "zespołu", "zespołem", "tým", "týmu", "csapat*", "echipa", "ekip*", "команда",
    "команди", "ομάδα", "teamo", "tim kami", "nhóm", "koponan", "timu", "فريق",
    "تیم", "צוות", "הצוות", "टीम", "ทีม*", "チーム", "团队", "團隊", "팀", "スタッフ",
    "redazione", "redaktion", "rédaction", "redacción", "redactie", "redakce", "redakcja",
    "редакция", "редакція",
)
TEAM_BEHIND = (
    "team behind", "the team behind", "we're the team", "we are the team", "das team hinter",
    "l'équipe derrière", "el equipo detrás", "el equipo de", "a equipa por trás",
    "il team dietro", "het team achter", "teamet bakom", "tiimi takana", "zespołem stojącym",
    "zespół stojący", "tým za", "a csapat", "echipa din spatele", "arkasındaki ekip",
    "команда за", "команда, которая", "η ομάδα πίσω", "la teamo malantaŭ", "tim di balik",
    "nhóm đứng sau", "ang koponan sa likod", "timu nyuma", "الفريق وراء", "تیم پشت",
    "הצוות שמאחורי", "के पीछे की टीम", "ทีมงานเบื้องหลัง", "開発チーム", "背后的团队",
    "运营团队", "운영팀", "개발팀", "we are a team", "we're a team", "wir sind ein team",
    "nous sommes une équipe", "somos un equipo", "siamo un team", "wij zijn een team",
    "jesteśmy zespołem", "мы команда", "ми команда", "نحن فريق", "我们是一个团队", "저희는 팀",
)

#: Events: conferences, festivals, meetups.
EVENT_WORDS = (
    "conference", "konferenz", "conférence", "conferencia", "conferência", "conferenza",
    "conferentie", "konferens", "konferenssi", "konference", "konferencja", "konferencia",
    "konferans*", "конференци*", "конференці*", "συνέδριο", "konferenco", "konferensi",
    "kumperensya", "kongamano", "مؤتمر", "همایش", "כנס", "सम्मेलन", "সম্মেলন",
    "การประชุม", "カンファレンス", "大会", "会议", "會議", "研討會", "研讨会", "컨퍼런스",
    "학회", "festival*", "festiwal*", "fesztivál*", "φεστιβάλ", "фестивал*", "フェスティバル",
    "映画祭", "音楽祭", "电影节", "電影節", "艺术节", "페스티벌", "مهرجان", "جشنواره",
    "פסטיבל", "महोत्सव", "উৎসব", "เทศกาล", "tamasha", "meetup", "meet-up", "stammtisch",
    "rencontre*", "encuentro", "encontro", "incontro", "bijeenkomst", "träff", "spotkanie",
    "setkání", "találkozó", "buluşma*", "встреча", "зустріч", "συνάντηση", "renkontiĝo",
    "kopdar", "دورهمی", "מפגש", "मीटअप", "勉強会", "交流会", "聚会", "모임", "summit",
    "gipfel", "sommet", "cumbre", "hackathon", "expo", "messe", "feria", "fiera", "beurs",
    "mässa", "targi", "veletrh", "vásár", "fuar*", "ярмарка", "выставка", "展会", "박람회",
    "*conf", "symposium", "congress", "kongress", "congrès", "congreso", "congresso", "kongres",
    "kongresi", "конгресс", "convention", "barcamp", "unconference", "jornadas",
    "hackerspace",
)
#: What events announce: dates, calls for papers, tickets, registration, a programme.
EVENT_DETAILS = (
    "cfp", "tickets", "entradas", "billets", "biglietti", "ingressos", "kaartjes",
    "biljetter", "liput", "bilety", "vstupenky", "jegyek", "bilete", "biletler", "билеты",
    "квитки", "εισιτήρια", "registration", "registrace", "registrácia", "regisztráció",
    "anmeldung", "inscription*", "inscripci*", "inscriç*", "iscrizion*", "aanmelden",
    "rejestracj*", "kayıt", "регистраци*", "реєстрац*", "εγγραφ*", "aliĝ*", "pendaftaran",
    "program*", "programme", "programm", "speakers", "sprecher*", "speaker*",
    "přednášky", "előadások", "доклад*", "доповід*", "ομιλίες", "ponentes", "relatori",
    "sprekers", "talare", "call for papers", "call for proposals", "appel à propositions",
    "convocatoria", "ثبت‌نام", "ثبت نام", "التسجيل", "הרשמה", "पंजीकरण", "ลงทะเบียน",
    "参加登録", "报名", "報名", "참가 신청", "등록", "dates", "edition", "ausgabe",
    "édition", "edición", "edição", "edizione", "editie", "edycja", "ročník", "kiadás",
    "ediția", "издание", "الدورة", "دوره",
)

#: A server's own voice: status, announcements, maintenance, outages…
SERVICE_WORDS = (
    "status", "statut", "estado", "stato", "állapot*", "statusu", "статус", "κατάσταση",
    "סטטוס", "ステータス", "状态", "狀態", "상태", "announcement*", "announce*", "ankündig*",
    "annonce*", "anuncio*", "avvis*", "aankondiging*", "tiedote", "tiedotteet", "meddelanden",
    "ogłoszeni*", "oznámení", "közlemény*", "anunț*", "anunt*", "duyuru*", "объявлени*",
    "оголошен*", "ανακοινώσ*", "anoncoj", "pengumuman", "anunsyo",
    "matangazo", "إعلانات", "اطلاعیه*", "הודעות", "הכרזות", "घोषणा*", "ประกาศ",
    "お知らせ", "公告", "通知", "공지*", "notice*", "notices", "maintenance", "wartung*",
    "entretien", "mantenimiento", "manutenção", "manutenzione", "onderhoud", "underhåll",
    "vedlikehold", "huolto*", "huoltokatk*", "konserwacj*", "údržb*", "karbantartás*",
    "mentenanț*", "bakım*", "обслуживани*", "техработ*", "обслуговуван*", "συντήρηση",
    "prizorgad*", "pemeliharaan", "pagpapanatili", "matengenezo", "صيانة",
    "نگهداری", "תחזוקה", "रखरखाव", "บำรุงรักษา", "メンテナンス", "维护", "維護", "점검",
    "angekündigt", "announced", "beeinträchtigung*", "impairment*", "outage*", "downtime", "сбои",
    "сбоях", "сбоев", "збої", "збоїв", "störung*", "pannes",
    "caídas", "interruzion*", "storing*",
    "störning*", "katko*", "awari*", "výpadk*", "leállás*", "întrerup*", "kesinti*",
    "διακοπ*", "gangguan", "hitilafu", "انقطاع", "قطعی",
    "תקלות", "आउटेज", "障害", "故障", "장애",
)
#: …of a server, an instance, or a named service.
SERVER_WORDS = (
    "server*", "instance", "instanz", "serveur", "servidor*", "istanza", "szerver*",
    "sunucu*", "сервер*", "διακομιστ*", "servilo", "peladen", "máy chủ", "адмін*", "админ*", "seva",
    "خادم", "سرور", "שרת", "השרת", "सर्वर", "เซิร์ฟเวอร์", "サーバー", "鯖", "服务器",
    "伺服器", "서버", "palvelin*", "palvelim*", "instância", "instancia", "admins",
    "administrators",
    "ylläpito*", "運営", "this account", "diesen account", "dieses konto", "ce compte",
    "esta cuenta", "questo account", "dit account", "detta konto", "tämä tili", "to konto",
    "tento účet", "ez a fiók", "acest cont", "bu hesap", "этот аккаунт", "цей акаунт",
)
#: A person's own account, in so many words: voices of organisations do not say this.
PERSONAL_ACCOUNT = (
    "personal account", "my personal account", "opinions my own", "opinions are my own",
    "views my own", "views are my own", "my own account", "privater account", "privat hier",
    "persönlicher account", "compte perso", "compte personnel", "cuenta personal",
    "conta pessoal", "account personale", "persoonlijk account", "privé account",
    "privat konto", "personlig konto", "henkilökohtainen tili", "prywatne konto",
    "osobní účet", "osobný účet", "személyes fiók", "cont personal", "kişisel hesap",
    "личный аккаунт", "особистий акаунт", "προσωπικός λογαριασμός", "persona konto",
    "akun pribadi", "tài khoản cá nhân", "personal na account", "akaunti binafsi",
    "حسابي الشخصي", "حساب شخصی", "חשבון אישי", "निजी अकाउंट", "個人アカウント",
    "個人垢", "个人号", "個人號", "개인 계정", "個人の", "私的",
)

#: Sign-offs and bylines of a team: "Es schreibt das Team", "posts by the team".
TEAM_BYLINES = (
    "es schreibt das team", "written by the team", "posts by the team", "posted by the team",
    "geschrieben vom team", "écrit par l'équipe", "escrito por el equipo",
    "scritto dalla redazione", "scrive la redazione", "pisze zespół", "píše tým",
)

#: What someone is to an event or a place, rather than being it: "festival lover".
FAN_WORDS = (
    "lover", "lovers", "fan", "fans", "goer", "goers", "addict", "nerd", "junkie", "enthusiast",
    "volunteer", "organiser", "organizer", "speaker", "regular", "hopper", "season", "winner",
    "attendee", "participant", "alumni", "alumnus", "alumna", "alum", "veteran", "liebhaber*",
    "fan*", "amante", "amantes", "apasionad*", "appassionat*", "apaixonad*", "liefhebber",
    "älskare", "elsker", "miłośni*", "milovník*", "rajongó", "hayran*", "любител*", "шанувальни*",
    "λάτρης", "pencinta", "người", "mahilig", "mpenzi", "عاشق", "חובב*", "प्रेमी", "好き",
    "爱好者", "덕후", "ファン", "迷",
)

#: Jobs at a place: "Newspaper reporter", "Library assistant", "Shop owner".
JOB_WORDS = (
    "member", "mitglied", "membre", "miembro", "socio", "socia", "membro", "lid", "medlem",
    "jäsen", "członek", "członkini", "člen", "členka", "tag", "membru", "üye", "член", "μέλος",
    "anggota", "miyembro", "mwanachama", "عضو", "חבר", "חברה", "सदस्य", "สมาชิก", "会員", "成员",
    "회원", "volunteer", "freiwillige", "freiwilliger", "bénévole", "voluntario", "voluntaria",
    "voluntário", "volontario", "volontaria", "vrijwilliger", "frivillig", "vapaaehtoinen",
    "wolontariusz", "wolontariuszka", "dobrovolník", "önkéntes", "voluntar", "gönüllü",
    "волонтёр", "волонтер", "волонтерка", "εθελοντής", "volontulo", "relawan", "boluntaryo",
    "mjitolea", "متطوع", "متطوعة", "داوطلب", "מתנדב", "מתנדבת", "स्वयंसेवक", "อาสาสมัคร",
    "ボランティア", "志愿者", "자원봉사자",
    "reporter", "journalist", "editor", "host", "presenter", "worker", "workers", "employee",
    "clerk", "assistant", "manager", "owner", "intern", "member", "technician", "keeper", "cook",
    "chef", "baker", "barista", "waiter", "waitress", "driver", "guide", "curator", "archivist",
    "admin", "administrator", "volunteer", "staffer", "dj", "founder", "co-founder",
)

#: Open for business: "Open Sat 10-4", "Minden nap nyitva", "Avoinna ma–pe 8–16".
OPEN_WORDS = (
    "open", "opening", "geöffnet", "offen", "ouvert", "ouverte", "abierto", "abiertos",
    "aberto", "aperto", "aperti", "öppet", "åbent", "åpent", "avoinna", "otwarte", "czynne",
    "otevřeno", "nyitva", "deschis", "açık", "açığız", "открыты", "открыто", "работаем",
    "відкрито", "працюємо", "ανοιχτά", "ανοιχτό", "malfermita", "buka", "bukas", "wazi",
    "mở cửa", "مفتوح", "نفتح", "باز", "פתוח", "פתוחים", "खुला", "เปิด", "営業", "营业", "營業",
    "영업",
)
#: Closed for business: "Chiuso il lunedì", "Montags geschlossen".
CLOSED_WORDS = (
    "closed", "geschlossen", "ruhetag", "fermé", "fermée", "cerrado", "fechado", "chiuso",
    "gesloten", "stängt", "lukket", "stengt", "suljettu", "zamknięte", "nieczynne", "zavřeno",
    "zárva", "închis", "kapalı", "закрыто", "выходной", "зачинено", "вихідний", "κλειστά",
    "κλειστό", "fermita", "tutup", "nghỉ", "sarado", "imefungwa", "مغلق", "تعطیل", "סגור",
    "बंद", "ปิด", "休み", "休业", "休業", "휴무", "쉽니다",
)

#: Days of the week and "daily", as opening hours name them.
DAY_WORDS = (
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday*",
    "tuesday*", "wednesday*", "thursday*", "friday*", "saturday*", "sunday*", "daily",
    "weekdays", "weekends", "montag*", "dienstag*",
    "mittwoch*", "donnerstag*", "freitag*", "samstag*", "sonntag*", "täglich",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado*",
    "domingo*", "diariamente", "segunda*", "terça*", "quarta*", "quinta*", "sexta*",
    "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "dagelijks",
    "måndag*", "tisdag*", "onsdag*", "torsdag*", "fredag*", "lördag*", "söndag*", "dagligen",
    "päivittäin",
    "codziennie", "denně", "hétfő*", "kedd*", "szerda*",
    "csütörtök*", "péntek*", "szombat*", "vasárnap*", "naponta", "luni", "marți",
    "miercuri", "joi", "vineri", "sâmbătă", "duminică", "zilnic", "pazartesi", "salı",
    "çarşamba", "perşembe", "cuma", "cumartesi", "pazar", "jumatatu", "jumanne", "jumatano",
    "alhamisi", "ijumaa", "jumamosi", "jumapili", "dilluns", "dimarts", "dimecres", "dijous",
    "divendres", "dissabte", "diumenge", "lundo", "mardo", "merkredo", "ĵaŭdo", "vendredo",
    "sabato", "dimanĉo", "понедельник*", "вторник*", "сред*", "четверг*", "пятниц*", "суббот*",
    "воскресень*", "понеділ*", "вівтор*", "четвер*", "п'ятниц*", "субот*", "неділ*",
    "poniedziałk*", "wtork*", "środ*", "czwartk*", "piątk*", "sobot*", "niedziel*", "pondělí",
    "úterý", "středa", "čtvrtek", "pátek", "sobota", "neděle", "thứ hai", "thứ ba", "chủ nhật",
    "ежедневно", "щодня", "καθημερινά", "senin", "jumat", "araw-araw",
    "يومياً", "يوميا", "रोज़", "ทุกวัน", "毎日", "每天", "매일", "평일", "minden nap",
    "every day", "jeden tag", "tous les jours", "todos los días", "ogni giorno", "elke dag",
    "varje dag", "hver dag", "joka päivä", "każdego dnia", "každý den", "în fiecare zi",
    "her gün", "каждый день", "кожен день", "κάθε μέρα", "setiap hari", "mỗi ngày",
    "hàng ngày", "kila siku", "كل يوم", "هر روز", "כל יום",
)

#: "Pim *from* Spaarbank", in a display name.
FROM_WORDS = frozenset({
    "from", "of", "at", "van", "von", "vom", "de", "da", "di", "du", "del", "della", "från",
    "fra", "z", "ze", "iz", "из", "від", "з", "από", "dari", "từ", "mula", "wa", "من", "از",
    "से", "の", "의", "kutoka", "zo", "ng",
})

#: Usernames that servers give their own accounts.
SERVICE_USERNAMES = (
    "status", "notice", "notices", "announce", "announcements", "news", "info", "staff",
    "maintenance", "tiedotteet", "udrzba", "allapot", "duyuru", "oznameni",
)

# fmt: on
