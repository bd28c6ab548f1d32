"""Organisations: how companies, shops, projects and institutions name and describe themselves."""

from __future__ import annotations

import re

# fmt: off

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
    "jetzt testen", "kostenlos testen", "essai gratuit", "prueba gratis",
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
    "kontakt@", "presse@", "marketing@", "care@", "team@", "redazione@", "redaktion@",
    "redaction@", "redaccion@", "redacao@", "redactie@", "redakcja@", "editor@", "editors@",
    "news@", "office@", "hej@", "hola@", "ciao@", "bonjour@", "hallo@", "ahoj@", "info.",
    "secretaria@", "secretariat@", "titkarsag@", "syntaxi@", "yllapito@", "admin@",
    "orders@", "bestellung@", "pedidos@", "commandes@",
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
    "address", "opening hours", "hours", "phone", "tel", "öffnungszeiten",
    "horari", "on som", "địa chỉ", "mở cửa", "營業", "营业", "営業", "営業時間", "고객센터",
    "helpline", "हेल्पलाइन", "tuyển dụng", "entradas", "billets", "biglietti", "bilety",
    "jegyek", "listen", "слушать", "слухати", "ascolta", "escuchar", "écouter", "hören",
    "luister", "lyssna", "posłuchaj", "ouvir", "dinle", "license", "licence", "docs",
    "documentation", "doneer", "δωρεές", "تبرع", "تبرعات", "کمک مالی", "תרומות", "दान",
    "บริจาค", "寄付", "捐款", "후원", "adres", "adresa", "cím", "adresă", "адрес", "адреса",
    "διεύθυνση", "alamat", "العنوان", "آدرس", "כתובת", "पता", "ที่อยู่", "住所", "地址", "주소",
    "godziny", "otevírací doba", "nyitvatartás", "program", "horaire", "orario",
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
    "営業時間", "定休日", "定休", "売り切れ", "店です", "support us", "unterstützt uns",
    "unterstütze uns",
    "soutenez-nous", "apóyanos", "apoie", "sostienici", "steun ons", "wesprzyj nas",
    "támogass minket", "destek ol", "join us", "únete", "afíliate", "mach mit",
    "rejoignez-nous", "junte-se", "unisciti", "call for papers", "new issue every",
    "new episode every", "nuevo episodio", "nuovo episodio", "neue folge", "novo episódio",
    "subscribe free", "tickets", "sponsorship", "sponsors", 
    "'den beri", "’den beri", "sipariş", "bestellungen",
    "reservations", "reservierung", "réservation", "reservas", "prenotazioni",
    "news and events", "nyheter och evenemang", "neuigkeiten und veranstaltungen",
    "actualités et événements", "noticias y eventos", "notizie ed eventi", "nieuws en evenementen",
    "aktualności i wydarzenia", "novinky a akce", "hírek és események", "haberler ve etkinlikler",
    "новости и события", "новини та події", "νέα και εκδηλώσεις", "berita dan acara",
    "tin tức và sự kiện", "order online", "walk in", "bestellen", "commander en ligne",
    "pedidos online", "ordina online", "campaigning for", "we campaign", "adopt", "adoptuj",
    "adoptez", "adopta", "adotta", "adopteer", "adoptera", "adoptujte", "fogadj örökbe",
    "we meet", "members meet", "meets monthly", "meets weekly", "wir treffen uns",
    "on se retrouve", "nos reunimos", "ci incontriamo", "we komen samen", "vi träffas",
    "vi mødes", "tapaamme", "spotykamy się", "scházíme se", "találkozunk", "ne întâlnim",
    "buluşuyoruz", "встречаемся", "зустрічаємося", "συναντιόμαστε", "ni renkontiĝas",
    "kami bertemu", "tunakutana", "نلتقي", "אנחנו נפגשים", "हम मिलते हैं", "ждём вас",
    "ждем вас", "чекаємо на вас", "wir freuen uns auf euch", "wir freuen uns auf sie",
    "on vous attend", "te esperamos", "os esperamos", "vi aspettiamo", "těšíme se na vás",
    "zapraszamy", "várunk", "vă așteptăm", "sizi bekliyoruz", "σας περιμένουμε", "kami tunggu",
    "karibu", "بانتظاركم", "منتظرتون", "מחכים לכם", "お待ちしております", "欢迎光临",
    "歡迎光臨", "기다릴게요", "שעות פתיחה", "ساعات العمل", "ساعات کاری", "giờ mở cửa",
    "jam buka", "oras ng bukas", "saa za kazi", "เวลาเปิด", "activitats", "actividades",
    "donations welcome", "donations", "donaciones",
    "doações", "donazioni", "dons", "spenden willkommen", "darowizny", "dary", "adományok",
    "donații", "bağış", "пожертвования", "пожертви", "δωρεές", "donacoj", "donasi",
    "quyên góp", "donasyon", "michango", "تبرعات", "کمک‌های مالی", "תרומות", "दान",
    "we ship", "shipping", "worldwide shipping", "envíos", "envíos a todo", "envios",
    "spedizioni", "versand", "livraison", "verzending", "frakt", "toimitus", "wysyłka",
    "doprava zdarma", "kargo", "доставка", "αποστολή", "pengiriman", "giao hàng",
    "biglietteria", "box office", "taquilla", "billetterie", "bilheteria", "vorverkauf",
    "kassa", "biljettkassa", "kasa biletowa", "pokladna", "jegypénztár", "gişe", "касса",
    "nyitvatartás", "verkoop", "reparatie", "repairs", "reparaciones", "reparaturen",
    "subscribe below", "subscribe", "free and open source", "open-source project",
    "open source project", "made by the community", "programok", "repertuar", "repertoire",
    "開門", "开门", "영업시간", "영업 시간", "휴무", "营业时间",
    "營業時間", "公休",
    # a project's voice: releases, roadmaps, contributors
    "release notes", "new releases", "new release", "roadmap", "changelog",
    "contributors welcome", "looking for contributors", "neue versionen", "nouvelles versions",
    "nuevas versiones", "novas versões", "nuove versioni", "nieuwe versies", "nowe wersje",
    "nové verze", "új verziók", "yeni sürümler", "новые версии", "нові версії", "版本更新",
    "路线图", "贡献者招募", "貢獻者", "リリース情報", "新バージョン", "릴리스", "새 버전",
    "الإصدارات الجديدة", "نسخه‌های جدید", "גרסאות חדשות", "rilis baru", "phiên bản mới",
)

# fmt: on

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

#: Opening hours in a bio: "Mon–Fri", "9:00–17:00", "9am-5pm".
OPENING_HOURS = re.compile(
    r"(?<!\w)(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|sam|dim)"
    r"[a-zé]{0,6}\.?\s?[-–—]\s?(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar"
    r"|mer|jeu|ven|sam|dim)[a-zé]{0,6}\b"
    # days in more languages, followed by hours: "Ma-za 9-18", "Pon–pt 8–16", "Пн-пт 10"
    r"|(?<!\w)(?:ma|wo|vr|za|zo|mån|tis|ons|tor|fre|lör|sön|tir|lør|søn|ti|ke|pe|la|su|pon|wt"
    r"|śr|czw|pt|sob|niedz|pn|po|út|st|čt|pá|ne|mié|jue|vie|sáb|gio|sab|seg|ter|qua|qui|sex|пн"
    r"|вт|ср|чт|пт|сб|вс)[a-zéåäöøśáúíý]{0,6}\.?\s?[-–—]\s?[^\W\d_]{2,8}\.?\s?\d{1,2}"
    r"|\b\d{1,2}[:.h]\d{2}\s?[-–—~〜～]\s?\d{1,2}[:.h]\d{2}\b"
    r"|\b\d{1,2}\s?(?:am|pm)\s?[-–—]\s?\d{1,2}\s?(?:am|pm)\b"
    # "van 8 tot 18 uur", "8–17 h", "dalle 17 alle 20", "10–18 Uhr"
    r"|\b\d{1,2}\s?(?:[-–—~〜]|tot|bis|to|till|à|a|al|alle|do|ig|és)\s?\d{1,2}\s?"
    r"(?:h|uhr|uur|u|óra|ó|saat|hod|godz|ore|heures|horas|hrs?|am|pm)\b"
    r"|\bdalle\s\d{1,2}\salle\s\d{1,2}\b",
    re.IGNORECASE,
)

#: "Since 1998", "est. 2012", "Pivo vaříme od roku 2012": how long a place has been there.
FOUNDED = re.compile(
    r"(?:\bsince|\bseit|\bdepuis|\bdesde|\bdal|\bsinds|\bod roku|\bfrån|\bsiden|\bvuodesta"
    r"|\best\.?|\bfounded(?: in)?|\bgegründet|\bfondée?(?: en)?|\bfundad[oa](?: en)?|\bfondata"
    r"|\bopgericht|\bgrundad|\bzałożon[aey]|\bzaložen[oa]?|\balapítva|\bfondat[aă]?|\bdidirikan"
    r"|\bmula pa|\bthành lập|тасис|تأسست|تاسیس|נוסד|स्थापित|創業|成立于|成立於|설립|\bс)"
    r"\s?(?:19|20)\d\d\b|\b(?:19|20)\d\d['’]?den beri\b|(?:19|20)\d\d\s?년\s?설립",
    re.IGNORECASE,
)

#: Labels of a service's contacts in a bio: "Support: help@…", "Bookings: …".
CONTACT_LABELS = (
    "support:",
    "contact:",
    "bookings:",
    "booking:",
    "orders:",
    "reservations:",
    "kontakt:",
    "contacto:",
    "contato:",
    "contatti:",
    "réservations:",
    "bestellungen:",
    "pedidos:",
    "maagizo:",
    "đặt bàn:",
    "予約:",
    "订位:",
    "예약:",
    "الحجز:",
    "رزرو:",
    "הזמנות:",
)

#: Words that introduce someone's employer: "engineer at Initech Corp", "bei Acme GmbH".
EMPLOYER_WORDS = frozenset(
    {
        "at",
        "for",
        "with",
        "@",
        "bei",
        "für",
        "chez",
        "pour",
        "en",
        "em",
        "na",
        "presso",
        "per",
        "bij",
        "voor",
        "på",
        "w",
        "ex",
        "formerly",
        "previously",
        "former",
        "ehemals",
    }
)

#: A display name ({n}) used as the subject of a pitch: "We're Taskly", "Acme is the".
SELF_INTRODUCTIONS = (
    "the {n} project",
    "the {n} team",
    "{n} team",
    "team {n}",
    "das {n}-team",
    "das {n} team",
    "l'équipe {n}",
    "el equipo de {n}",
    "il team di {n}",
    "projet {n}",
    "proyecto {n}",
    "projekt {n}",
    "progetto {n}",
    "we're {n}",
    "we are {n}",
    "{n} is a",
    "{n} is an",
    "{n} is the",
    "{n} helps",
    "{n} makes",
    "{n} offers",
    "wir sind {n}",
    "{n} ist ein",
    "{n} ist die",
    "{n} ist der",
    "nous sommes {n}",
    "{n} est un",
    "{n} est une",
    "{n} est le",
    "{n} est la",
    "somos {n}",
    "{n} es un",
    "{n} es una",
    "{n} è un",
    "{n} è una",
    "{n} é um",
    "{n} é uma",
    "wij zijn {n}",
    "{n} is een",
)
