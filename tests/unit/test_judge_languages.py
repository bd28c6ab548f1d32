"""Both sides of the judge's language capabilities (issue 12), in many languages.

The corpora measure the judge on profiles others wrote; these are short, plain
sentences that pin each capability down in languages the corpora cover thinly,
and the people it must not mistake: a teacher at a school, a barista, a family
saying "we", a roboticist, someone who writes bots, someone who is "not a bot".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.config import config_from_mapping
from bot.judge import Policy, judge
from bot.model import Decision, Outcome, account_from_json

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
POLICY = Policy.from_config(config_from_mapping({"instance": {"url": "https://bot.example"}}))


def account(note: str = "", name: str = "Sam", **overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": "42",
        "username": "sam",
        "acct": "sam@social.example",
        "display_name": name,
        "note": f"<p>{note}</p>",
        "avatar": "https://files.social.example/accounts/avatars/1/original/own.png",
        "avatar_static": "https://files.social.example/accounts/avatars/1/original/own.png",
        "bot": False,
        "group": False,
        "created_at": "2026-11-24T00:00:00.000Z",
        "followers_count": 12,
        "following_count": 40,
        "statuses_count": 6,
        "fields": [],
    }
    raw.update(overrides)
    return raw


def decide(raw: dict[str, Any]) -> Decision:
    return judge(account_from_json(raw), None, None, POLICY, NOW)


#: People, new here: followed. Each names a workplace, a kind of place, a family "we",
#: or bots in a way that is plainly fine.
PEOPLE = [
    ("en", "Nurse at St Mary's Hospital. Mum of two. Opinions my own."),
    ("en", "I work at the public library and read far too much."),
    ("en", "Barista at a small café in Leeds. Coffee, cats, climbing."),
    ("en", "Volunteer at the museum on weekends. History nerd."),
    ("en", "Music festival lover. Radio, podcasts, vinyl."),
    ("en", "We're a family of four from Ohio; mostly mum posting here."),
    ("en", "Speaker at conferences about accessibility. I write code and zines."),
    ("en", "Software engineer. I write Mastodon bots for fun; this is my own account."),
    ("en", "Not a bot, just shy. Photography and long walks."),
    ("en", "Robotics student. I build small robots that mostly fall over."),
    ("en", "Bots welcome! Gardener, knitter, grandmother."),
    ("de", "Lehrerin an einer Grundschule in Köln. Ich lese gern und backe Brot."),
    ("de", "Ich arbeite in einer Bibliothek und liebe Krimis."),
    ("de", "Kein Bot, nur ein Mensch mit zu vielen Katzen."),
    ("fr", "Infirmière à l'hôpital de Lyon. J'aime le jardinage."),
    ("fr", "Je travaille dans une boulangerie, passionnée de vélo."),
    ("es", "Profesora de secundaria en Sevilla. Me gusta el cine."),
    ("es", "Trabajo en un banco, pero lo mío es la fotografía."),
    ("es", "Escribo bots para Mastodon en mis ratos libres."),
    ("pt", "Sou estudante de medicina em Coimbra. Adoro música."),
    ("pt", "Trabalho numa livraria e escrevo poesia."),
    ("it", "Insegnante in una scuola elementare. Amo la montagna."),
    ("it", "Lavoro in biblioteca, appassionata di fumetti."),
    ("nl", "Ik werk bij de gemeente en fiets graag door de polder."),
    ("nl", "Verpleegkundige in het ziekenhuis, moeder van twee."),
    ("sv", "Jag jobbar på ett bibliotek i Malmö och stickar."),
    ("da", "Jeg er lærer på en skole i Aarhus og elsker kaffe."),
    ("fi", "Olen opettaja Tampereella. Tykkään lukea ja hiihtää."),
    ("pl", "Jestem nauczycielką w szkole podstawowej. Lubię góry."),
    ("cs", "Jsem knihovnice v městské knihovně. Ráda čtu."),
    ("hu", "Tanár vagyok egy budapesti iskolában. Szeretem a kertemet."),
    ("ro", "Sunt profesoară la o școală din Cluj. Îmi place să citesc."),
    ("tr", "Ankara'da bir okulda öğretmenim. Kitap okumayı severim."),
    ("ru", "Я учительница в школе, люблю читать и гулять по набережной."),
    ("uk", "Я працюю в бібліотеці у Львові, люблю каву."),
    ("el", "Είμαι δασκάλα σε σχολείο στην Αθήνα. Μου αρέσει το θέατρο."),
    ("ja", "東京の図書館で働いています。本と猫が好き。"),
    ("ja", "会社員です。週末はカフェ巡りとラジオ。"),
    ("zh", "我在一家公司上班，喜欢摄影和旅行。"),
    ("ko", "서울에서 회사 다니는 직장인입니다. 고양이를 좋아해요."),
    ("ar", "معلمة في مدرسة ابتدائية في عمّان. أحب القراءة."),
    ("fa", "من معلم مدرسه هستم و عاشق کتابم."),
    ("he", "אני אחות בבית חולים בחיפה ואוהבת לטייל."),
    ("hi", "मैं दिल्ली के एक स्कूल में पढ़ाती हूँ। किताबें पसंद हैं।"),
    ("id", "Saya guru di sekolah dasar di Bandung. Suka membaca."),
    ("vi", "Mình là giáo viên ở một trường tiểu học ở Huế."),
    ("th", "เป็นครูอยู่ที่เชียงใหม่ ชอบอ่านหนังสือ"),
    ("tl", "Guro ako sa isang paaralan sa Cebu. Mahilig magbasa."),
    ("sw", "Mimi ni mwalimu katika shule ya msingi Arusha."),
    ("ca", "Sóc mestra a una escola de Girona i m'agrada caminar."),
    ("eo", "Mi estas instruisto en Zagrebo kaj ŝatas legi."),
    # words of organisations, used by people
    ("en", "Mum, teacher, and official cake taster at home."),
    ("en", "Official account of me, myself and I :)"),
    ("en", "Proud member of the Leeds Running Club. Slow but steady."),
    ("en", "Works at a bank by day, DJ on community radio by night."),
    ("en", "Retired. Used to run a bakery in Porto; now I grow tomatoes."),
    ("en", "Conference interpreter (EN/FR/DE). Cats and crosswords."),
    ("en", "Festival season again! Glastonbury 2027, here I come."),
    ("en", "Status: permanently tired. Server admin at a university."),
    ("en", "Newspaper reporter in Cardiff. Rugby, rain, rarebit."),
    ("en", "Library assistant. Knitting, tea, long novels."),
    ("en", "Our family: two dads, one dog, too many plants."),
    ("en", "Volunteer firefighter and dad of two. We live in a tiny village."),
    ("de", "Mitglied im Sportverein und im Chor. Bäckerin von Beruf."),
    ("fr", "Bibliothécaire le jour, musicienne la nuit."),
    ("es", "Periodista en un diario local. Me encanta el fútbol."),
    ("pt", "Funcionária de um banco, fotógrafa nas horas vagas."),
    ("nl", "Werk in een boekwinkel. Lees graag thrillers."),
    ("pl", "Pracuję w bibliotece, lubię kino i góry."),
    ("ru", "Работаю в банке, по выходным пеку хлеб."),
    ("ja", "猫と暮らす会社員。休日はパン屋巡り。"),
    ("zh", "普通上班族，喜欢咖啡和电影。"),
    ("ko", "평범한 직장인입니다. 카페 투어가 취미예요."),
    ("ar", "طالب جامعي في القاهرة، أحب كرة القدم."),
    ("tr", "Bir kafede çalışıyorum, kedileri çok severim."),
    # bots, said in a way that is plainly fine
    ("cs", "Ve volném čase píšu boty pro Mastodon. A ne, nevadí mi, když mě sleduje bot."),
    ("zh", "这里是个人号，不是机器人。"),
    ("ar", "أكتب بوتات بالبايثون كهواية، لكن هذا حسابي الشخصي."),
    ("eo", "Mi verkas robotojn por la fediverso, sed ĉi tiu konto estas mi mem."),
    ("en", "Bots: @frogfacts and @tideclock (both flagged). Human here."),
]


@pytest.mark.parametrize(
    ("language", "note"), PEOPLE, ids=[f"{i}-{p[0]}" for i, p in enumerate(PEOPLE)]
)
def test_people_are_followed(language: str, note: str) -> None:
    decision = decide(account(note))
    assert decision.outcome is Outcome.FOLLOW, (language, [r.rule for r in decision.reasons])


#: "No bots", said in sentences of many languages: opted out, by a rule that is sure.
OPT_OUTS = [
    ("en", "Please don't let bots follow me."),
    ("en", "Bots are not welcome here."),
    ("de", "Bitte keine Bots, danke!"),
    ("de", "Bots blockiere ich sofort."),
    ("fr", "Les bots, merci de ne pas me suivre."),
    ("fr", "Je bloque les robots."),
    ("es", "Por favor, que los bots no me sigan."),
    ("pt", "Bots, por favor não me sigam."),
    ("it", "Niente bot, grazie."),
    ("nl", "Bots: volg mij alsjeblieft niet."),
    ("sv", "Inga bottar, tack."),
    ("da", "Ingen bots, tak."),
    ("nb", "Ingen botter, takk."),
    ("fi", "Botit, älkää seuratko minua."),
    ("pl", "Proszę, żadnych botów."),
    ("pl", "Boty, nie obserwujcie mnie."),
    ("cs", "Boti mě prosím nesledujte."),
    ("sk", "Žiadne boty, prosím."),
    ("sl", "Brez botov, hvala."),
    ("hr", "Bez botova, hvala."),
    ("bg", "Без ботове, моля."),
    ("ru", "Боты, не подписывайтесь на меня."),
    ("uk", "Боти, будь ласка, не підписуйтесь на мене."),
    ("el", "Όχι bots, ευχαριστώ."),
    ("tr", "Lütfen botlar takip etmesin."),
    ("hu", "Kérem, botok ne kövessenek."),
    ("ro", "Vă rog, fără boți."),
    ("lt", "Jokių botų, ačiū."),
    ("lv", "Lūdzu, bez botiem."),
    ("eo", "Bonvolu, neniuj robotoj."),
    ("ca", "Si us plau, cap bot."),
    ("gl", "Nada de bots, grazas."),
    ("id", "Mohon jangan ada bot yang mengikuti saya."),
    ("vi", "Làm ơn đừng để bot theo dõi tôi."),
    ("tl", "Pakiusap, huwag akong i-follow ng mga bot."),
    ("sw", "Tafadhali, bots msinifuate."),
    ("ar", "من فضلك، لا أريد أن تتابعني البوتات."),
    ("fa", "لطفاً ربات‌ها مرا دنبال نکنند."),
    ("he", "בבקשה, בוטים אל תעקבו אחריי."),
    ("hi", "कृपया बॉट्स मुझे फॉलो न करें।"),
    ("bn", "দয়া করে কোনো বট আমাকে ফলো করবেন না।"),
    ("th", "ขอร้อง บอทอย่าติดตามฉัน"),
    ("ja", "botからのフォローはご遠慮ください。"),
    ("zh", "请勿让机器人关注我。"),
    ("zh", "謝絕機器人追蹤。"),
    ("ko", "봇은 팔로우하지 마세요."),
    ("en", "Automated accounts: please do not follow me."),
    ("de", "Automatische Accounts blockiere ich."),
]


@pytest.mark.parametrize(
    ("language", "note"), OPT_OUTS, ids=[f"{i}-{p[0]}" for i, p in enumerate(OPT_OUTS)]
)
def test_opt_outs_in_sentences(language: str, note: str) -> None:
    decision = decide(account(f"Gardener and reader. {note}"))
    assert (decision.outcome, decision.category) == (Outcome.SKIP, "opted_out"), language


TAGS = ["#KeineBots", "#SinBots", "#PasDeBots", "#NoBotsPlease", "#BezBotów", "#ボットお断り",
        "#봇사절", "#nobot_thanks", "#NoAutoFollow", "#botfree"]  # fmt: skip


@pytest.mark.parametrize("tag", TAGS)
def test_opt_out_hashtags_in_any_language(tag: str) -> None:
    decision = decide(account(f"Cyclist. {tag}"))
    assert decision.category == "opted_out"
    assert decision.reasons[0].rule == "opt_out_tag"


def test_a_hashtag_that_merely_starts_like_an_opt_out_is_not_one() -> None:
    assert decide(account("Moss lover. #nobotanist #notbotany")).outcome is Outcome.FOLLOW


FIELDS = [("Боти", "ні"), ("봇", "사절합니다"), ("Interazioni con bot", "no, per favore"),
          ("Bottar", "Nej tack 🤖🚫"), ("Bot", "tidak, terima kasih"), ("בוטים", "לא"),
          ("البوتات", "ممنوعة"), ("Bots", "🚫")]  # fmt: skip


@pytest.mark.parametrize(("name", "value"), FIELDS)
def test_a_field_for_bots_that_says_no(name: str, value: str) -> None:
    decision = decide(account("Hello!", fields=[{"name": name, "value": value}]))
    assert (decision.category, decision.reasons[0].rule) == ("opted_out", "opt_out_field")


def test_a_name_with_no_bots_in_it() -> None:
    assert decide(account("Illustrator.", name="Anya · без ботов")).category == "opted_out"
    assert decide(account("Photographer.", name="Réka 🚫🤖")).category == "opted_out"


#: Speaking of bots without refusing or welcoming them: never followed by itself.
UNCLEAR = [
    "Bots? I have mixed feelings.",
    "Thinking a lot about bots lately.",
    "ボットについて考えています。",
    "봇에 대해 생각 중",
    "Про ботов много думаю.",
    "أفكر كثيراً في البوتات.",
    "बॉट के बारे में सोचता हूँ।",
]


@pytest.mark.parametrize("note", UNCLEAR)
def test_unclear_talk_of_bots_goes_to_the_owner(note: str) -> None:
    decision = decide(account(note))
    assert (decision.outcome, decision.category) == (Outcome.REVIEW, "opted_out?")
    assert decision.reasons[0].rule == "talks_about_bots"


def test_unclear_consent_wins_over_conversation_and_the_allow_list() -> None:
    raw = account("Thinking a lot about bots lately.")
    allowing = Policy.from_config(
        config_from_mapping(
            {
                "instance": {"url": "https://bot.example"},
                "allow": {"accounts": ["sam@social.example"]},
            }
        )
    )
    snapshot = account_from_json(raw)
    for decision in (
        judge(snapshot, None, None, POLICY, NOW, talked_with_bot=True),
        judge(snapshot, None, None, allowing, NOW),
    ):
        assert decision.outcome is Outcome.REVIEW, [r.rule for r in decision.reasons]


#: Organisations that speak as "I", as a team, or as an event or a server.
ORGANISATIONS = [
    (
        "organisation_voice",
        "Bonjour ! Je suis Lulu, la mascotte officielle du Stade Brestois.",
        "Lulu ⚽",
    ),
    ("organisation_voice", "Das ist der offizielle Account der Stadtwerke Ulm.", "Stadtwerke Ulm"),
    (
        "organisation_voice",
        "Hej! Vi skriver om nya böcker varje vecka. / Teamet på Bokhörnan",
        "Bokhörnan",
    ),
    (
        "organisation_voice",
        "We're the team behind Tidepool, a tide-table app for sailors.",
        "Tidepool",
    ),
    ("organisation_voice", "Oficjalne konto Teatru Miejskiego w Gdyni.", "Teatr Miejski Gdynia"),
    (
        "organisation_voice",
        "Hi, I'm Robin from Northgate Library! Ask me about events.",
        "Robin from Northgate Library",
    ),
    (
        "event_account",
        "Conferência de software livre. 12–13 de março de 2027, Porto.",
        "LibrePorto 2027",
    ),
    (
        "event_account",
        "Festival di musica antica. Biglietti e programma sul sito.",
        "Festival Antiqua",
    ),
    (
        "service_account",
        "Announcements from the admins of example.social: maintenance and outages.",
        "example.social announcements",
    ),
    ("service_account", "Статус сервера: плановые работы и сбои.", "Статус сервера"),
]


@pytest.mark.parametrize(("rule", "note", "name"), ORGANISATIONS, ids=[o[2] for o in ORGANISATIONS])
def test_organisations_by_voice_and_role(rule: str, note: str, name: str) -> None:
    decision = decide(account(note, name=name, acct="acct@example.social"))
    assert decision.outcome is Outcome.SKIP
    assert rule in [r.rule for r in decision.reasons]


def test_people_who_name_an_employer_stay_people() -> None:
    for note in (
        "I'm Robin from Leeds. Librarian, knitter, opinions my own.",
        "Personal account. I run the socials for a small museum by day.",
        "Engineer on the team behind a tide-table app. Opinions my own.",
        "Unofficial fan account for the tram network, run by a tram nerd: me.",
    ):
        decision = decide(account(note))
        assert decision.outcome is Outcome.FOLLOW, (note, [r.rule for r in decision.reasons])


#: Shops, cafés, clubs, projects and institutions, each in its own words.
PLACES = [
    (
        "Harbour Lights Cinema",
        "Independent cinema on the seafront. Films, Q&As and the best popcorn in town.",
    ),
    ("Wildwood Trust", "Registered charity protecting ancient woodland in Kent."),
    (
        "Greater Leeds Cycling Campaign",
        "Campaigning for safe cycling in Leeds. Members meet monthly.",
    ),
    ("Dumbo Pizza", "Wood-fired pizza in Brooklyn. Order online or walk in."),
    ("Klimaschutz Kiel e.V.", "Gemeinnütziger Verein für Klimaschutz in Kiel."),
    ("Tierheim Süd", "Wir vermitteln Hunde und Katzen in liebevolle Hände."),
    ("Le Petit Fournil", "Boulangerie artisanale à Nantes depuis 2009."),
    ("Festival des Lumières", "Du 3 au 6 décembre 2027, à Lyon. Programme bientôt en ligne."),
    ("Escuela Rural Las Lomas", "Noticias y actividades de nuestra escuela."),
    ("Radio Onda Verde", "La radio comunitaria del barrio. Escúchanos en el 98.1 FM."),
    ("Padaria Estrela", "Pão quentinho todos os dias desde 1985."),
    ("Coletivo Ocupa", "Somos um coletivo de artistas em São Paulo."),
    ("Pizzeria da Gino", "Pizza napoletana dal 1972. Chiuso il lunedì."),
    ("Coöperatie De Wind", "Lokale energiecoöperatie. Samen wekken we stroom op."),
    ("Stadsbiblioteket Lund", "Nyheter och evenemang från biblioteket."),
    ("Oslo Sykkelklubb", "Sykkelklubb for alle. Turer hver søndag."),
    ("Helsingin Kirjakauppa", "Kirjakauppa keskustassa. Tervetuloa!"),
    ("Schronisko Azyl", "Schronisko dla zwierząt w Poznaniu. Adoptuj, nie kupuj!"),
    ("Divadlo Na Rohu", "Malé divadlo v Olomouci. Program na webu."),
    ("Budapesti Kertbarát Kör", "Kertészkedő közösség. Havonta találkozunk."),
    ("Cafeneaua Veche", "Cafenea în centrul Sibiului. Deschis zilnic."),
    ("Moda Kitap Kafe", "Kitap ve kahve bir arada. Her gün açığız."),
    ("Кофейня «Утро»", "Уютная кофейня в Самаре. Ждём вас каждый день."),
    ("Громада Бориспіль", "Офіційна сторінка громади."),
    ("Σύλλογος Γονέων", "Ο σύλλογος γονέων του 3ου Δημοτικού Σχολείου."),
    ("東北ラーメン協会", "東北のラーメン店を紹介する協会です。"),
    ("台北市立圖書館", "台北市立圖書館官方帳號。"),
    ("부산 시민 도서관", "부산 시민 도서관 공식 계정입니다."),
    ("جمعية الرفق بالحيوان", "نعمل على إنقاذ الحيوانات الضالة في الإسكندرية."),
    ("انجمن کوهنوردان", "انجمن کوهنوردی شیراز. برنامه\u200cهای هفتگی."),
    ("ספריית העיר", "הספרייה העירונית של חולון. שעות פתיחה באתר."),
    ("गाँव पुस्तकालय", "हमारे गाँव का सार्वजनिक पुस्तकालय।"),
    ("Warung Makan Bu Sri", "Masakan rumahan khas Jawa. Buka jam 7 pagi."),
    ("Tiệm Bánh Mì Hòa", "Bánh mì ngon nhất phố cổ. Mở cửa từ 6 giờ sáng."),
    ("ร้านข้าวมันไก่", "ข้าวมันไก่สูตรโบราณ เปิดทุกวัน 7 โมงเช้า"),
    ("Samahan ng Magsasaka", "Samahan ng mga magsasaka sa Nueva Ecija."),
    ("Klabu ya Vitabu", "Klabu ya wasomaji Dar es Salaam. Tunakutana kila Jumamosi."),
    ("Casal Jove", "Espai juvenil del barri. Activitats cada dissabte."),
    ("Esperanto-Klubo Varsovio", "Ni renkontiĝas ĉiun ĵaŭdon. Bonvenon!"),
    ("Mapstodon Meetup", "Monthly online meetup for map nerds. Next: Jan 14, 2027."),
    ("Riverside Food Bank", "Fighting hunger in Riverside since 1998. Donations welcome."),
    ("The Green Fork", "Plant-based kitchen in Porto. Lunch Tue–Sun. Reservations via link."),
    ("Open Rights Group", "We campaign for digital rights in the UK. Join us!"),
    ("FOSS Backstage", "The conference on open-source governance. June 2027, Berlin."),
    ("Blender", "Free and open source 3D creation suite. Made by the community."),
    ("Kraków Jazz Festival", "Koncerty, warsztaty, jam session. 15–20 lipca."),
    ("Bibliothèque de Lausanne", "Actualités, animations et nouveautés de la bibliothèque."),
    ("Librería El Sótano", "Libros nuevos y usados en el centro de Quito. Envíos a todo el país."),
    ("Teatro Nuovo", "Stagione 2026/27: prosa, danza e musica. Biglietteria online."),
    ("Buchladen Eck", "Kleine Buchhandlung in Bremen. Bestellungen per Mail."),
    ("Fietsenmaker Jan", "Reparatie en verkoop van fietsen in Gouda. Ma-za 9-18."),
    ("Dansk Cykelforbund", "Vi arbejder for bedre forhold for cyklister i Danmark."),
    ("Suomen Lintuyhdistys", "Lintuharrastajien valtakunnallinen yhdistys."),
    ("Kino Luna", "Kino studyjne w centrum Łodzi. Repertuar na stronie."),
    ("Pivovar Hora", "Malý pivovar z Vysočiny. Pivo vaříme od roku 2012."),
    ("Óbudai Könyvtár", "Programok, új könyvek, nyitvatartás."),
    ("Asociația Verde", "Organizăm ecologizări în parcurile din Cluj."),
    ("Kadıköy Belediyesi", "Kadıköy Belediyesi resmi Mastodon hesabı."),
    ("Книжный магазин «Полка»", "Независимый книжный в Перми. Работаем ежедневно с 10 до 21."),
    ("Кав'ярня Зерно", "Маленька кав'ярня у Львові. Чекаємо на вас!"),
    ("Δήμος Πάτρας", "Επίσημος λογαριασμός του Δήμου Πατρέων."),
    ("東京ゲーム開発者会議", "インディーゲーム開発者のための年次カンファレンス。2027年3月開催。"),
    ("小鹿咖啡", "台中的小咖啡店，每天早上八點開門。"),
    ("제주 책방", "제주시에 있는 작은 독립 서점입니다. 화요일 휴무."),
    ("مكتبة الحي", "مكتبة صغيرة في عمّان. نفتح يومياً من العاشرة."),
    ("کتابفروشی شهر", "کتابفروشی مستقل در اصفهان."),
    ("עמותת ירוק", "עמותה לשמירה על הטבע בגליל."),
    ("पुस्तकालय मित्र", "हम बच्चों के लिए मुफ़्त पुस्तकालय चलाते हैं।"),
    ("Toko Buku Senja", "Toko buku kecil di Malang. Buka setiap hari."),
    ("Nhà sách Phương Nam", "Nhà sách tại TP.HCM. Mở cửa 8:00 - 21:00."),
    ("ร้านหนังสือเล็ก", "ร้านหนังสืออิสระ เชียงใหม่ เปิดทุกวัน"),
    ("Aklatan ng Bayan", "Pampublikong aklatan ng Marikina."),
    ("Shule ya Msingi Kilimani", "Akaunti rasmi ya shule yetu."),
    ("Ajuntament de Reus", "Compte oficial de l'Ajuntament de Reus."),
    ("Esperanto-Asocio", "Landa asocio de esperantistoj. Aliĝu al ni!"),
    ("Acme Widgets", "Widgets for everyone. Shop now at acme.example."),
    ("PixelPaws Studio", "Indie game studio. Our new game is out on Steam!"),
    ("CityBikes", "Bike sharing in your city. Support: help@citybikes.example"),
    ("Linux Weekly", "A weekly newsletter about Linux and free software. Subscribe below."),
    ("Museum of Tiny Things", "Tiny exhibits, big ideas. Open Wed–Sun."),
    ("Hackney Tool Library", "Borrow a drill, don't buy one! Open Sat 10-4."),
    ("Hay Books", "Tiny bookshop in Hay-on-Wye. New & second-hand. We ship worldwide."),
    ("Leeds Makerspace", "Your friendly neighbourhood makerspace. Membership open to all!"),
    ("NS", "Official Mastodon presence of the Dutch Railways."),
    (
        "Unverpackt Freiburg",
        "Wir sind ein kleiner Unverpackt-Laden in Freiburg. Öffnungszeiten: Di–Sa 10–18 Uhr.",
    ),
    ("Médiathèque de Brest", "Compte officiel de la médiathèque de Brest."),
    ("Ecoval", "Somos una cooperativa de consumo ecológico en Valencia."),
    ("Voci", "Associazione culturale. Organizziamo concerti e letture."),
    ("Tech Semanal", "Podcast semanal sobre tecnologia. Novos episódios às sextas."),
    ("Gemeente Utrecht", "Officieel account van de gemeente Utrecht."),
    ("Fundacja Łapa", "Fundacja na rzecz zwierząt. Adopcje, wolontariat, zbiórki."),
    ("〇〇市立図書館", "〇〇市立図書館の公式アカウントです。"),
    ("구름카페", "저희 카페는 매일 오전 10시에 문을 엽니다. 영업시간 10:00-22:00"),
    ("独立书店", "我们是一家位于成都的独立书店。"),
    ("Пекарня Казань", "Мы — небольшая пекарня в Казани. Работаем с 8 до 20."),
    ("تطبيق", "نحن فريق تطوير تطبيق مفتوح المصدر."),
    ("Kitap Evi", "İstanbul'da bağımsız bir yayınevi. Yeni kitaplarımızı buradan duyuruyoruz."),
    ("शिक्षा संस्था", "हम एक गैर-लाभकारी संस्था हैं जो बच्चों की शिक्षा के लिए काम करती है।"),
    ("Kedai Kopi Senja", "Kedai kopi kecil di Yogyakarta. Buka setiap hari 08.00–22.00."),
    ("FreeTube", "News and updates from the FreeTube project."),
    ("RustConf 2027", "Sept 9–11, Montreal. Tickets on sale now!"),
    ("mastodon.example announcements", "Downtime notices posted here."),
    ("Sprocket", "Hi, I'm Sprocket, the robot mascot of Leeds Makerspace!"),
    ("UiO", "This account is managed by the communications team of the University of Oslo."),
    ("Greenfield Garden", "Posting on behalf of the Greenfield Community Garden."),
    ("Kaffebaren", "Vi är ett litet kafé i Umeå. Välkomna!"),
    ("Kahvila Kuu", "Pieni kahvila Kalliossa. Avoinna ma–pe 8–16."),
    ("Klub Książki", "Jesteśmy klubem książki z Gdańska. Spotykamy się co miesiąc."),
    ("Kavárna U Mostu", "Jsme malá kavárna v Brně. Otevřeno denně."),
    ("Bolt", "Budapesti könyvesbolt. Minden nap nyitva."),
    ("Librăria Cărturești", "Suntem o librărie independentă din Iași."),
    ("Καφέ Αθήνα", "Είμαστε ένα μικρό καφέ στην Αθήνα."),
    ("חנות ספרים", "אנחנו חנות ספרים קטנה בתל אביב."),
    ("مقهى الحي", "نحن مقهى صغير في بيروت، نفتح يومياً من ٨ صباحاً."),
    ("کافه کتاب", "ما یک کافه کتاب کوچک در تهران هستیم."),
    ("ร้านกาแฟดอย", "ร้านกาแฟเล็กๆ ในเชียงราย เปิดทุกวัน 8:00-17:00"),
    ("Quán Cà Phê Gió", "Chúng tôi là một quán cà phê nhỏ ở Hà Nội."),
    ("Tindahan ni Aling Nena", "Maliit na tindahan sa Quezon City. Bukas araw-araw."),
    ("Duka la Vitabu", "Sisi ni duka la vitabu Nairobi."),
    ("Café Lumen", "Petit café de quartier à Lyon. Ouvert du mardi au dimanche."),
]


@pytest.mark.parametrize(("name", "note"), PLACES, ids=[p[0] for p in PLACES])
def test_places_are_not_followed(name: str, note: str) -> None:
    decision = decide(account(note, name=name))
    assert decision.outcome is not Outcome.FOLLOW, [r.rule for r in decision.reasons]


#: People whose words sound like a place's: they work there, belong to it, or joke.
PEOPLE_AT_PLACES = [
    "Ex-museum curator, now a full-time grandma.",
    "Proud union member and nurse.",
    "I run a tiny Etsy shop selling socks I knit.",
    "Conference junkie, tea drinker.",
    "Hackathon winner 2026. CS student.",
    "Student at the University of Tartu. Meetup regular.",
    "Board member of the local bakery co-op, I bake on weekends.",
    "DJ at Radio Nova, music nerd.",
    "Official member of the Bad Knitters Club.",
    "Our family's shared account: Tom, Ana and the twins.",
    "Event photographer based in Lisbon.",
    "Festival volunteer and bookworm.",
    "Newsletter writer. I send a weekly letter about cities.",
    "Café owner's daughter. Cats.",
    "Working at a café while finishing my thesis.",
    "Bibliotekarka w szkole. Kocham koty.",
    "Pracuję w kawiarni, studiuję filozofię.",
    "Trabajo en una librería y escribo cuentos.",
    "Moi, c'est Léa. Je tiens un petit café à Lyon avec mon mari.",
    "Ich bin Bäcker und liebe Radfahren.",
    "カフェ店員です。絵を描くのが好き。",
    "서점에서 일하는 직장인입니다.",
    "我在一家书店工作，喜欢猫。",
    "أعمل في مقهى وأدرس الأدب.",
    "Работаю в кофейне, учусь в университете.",
    "Bir kafede barista olarak çalışıyorum.",
    "Saya kerja di kedai kopi, suka fotografi.",
    "Teacher. We live by the sea with our two dogs.",
    "Status: caffeinated. Server admin at a uni.",
    "Official cat photographer of my household.",
    "Community manager at a startup; opinions my own.",
    "Hi, I'm Robin from the Leeds library team! (personal account)",
    "Running club member, 5k at a time.",
    "Podcaster and dad. I talk about gardening.",
    "Mascot designer and illustrator. I draw cute things.",
]


@pytest.mark.parametrize("note", PEOPLE_AT_PLACES)
def test_people_at_places_are_followed(note: str) -> None:
    decision = decide(account(note))
    assert decision.outcome is Outcome.FOLLOW, [r.rule for r in decision.reasons]


#: Other ways of saying no: automatic follows, "go away", emoji, hashtags. Never followed.
OTHER_REFUSALS = [
    "If you're a bot, please move along.",
    "Automated accounts will be blocked on sight.",
    "I don't want to be followed by bots or scripts.",
    "Humans only, please. 🤖❌",
    "No automatic follows, no welcome DMs, thanks.",
    "Bitte nicht automatisch folgen.",
    "Merci de ne pas me suivre automatiquement.",
    "Por favor, nada de seguidores automáticos.",
    "Sem seguidores automáticos, por favor.",
    "Niente follow automatici, grazie.",
    "Geen automatische volgers alsjeblieft.",
    "Inga automatiska följare, tack.",
    "Ei automaattisia seuraajia.",
    "Proszę bez automatycznych obserwacji.",
    "Prosím žádné automatické sledování.",
    "Kérem, ne kövessen automatikusan.",
    "Vă rog fără urmăritori automați.",
    "Otomatik takip istemiyorum.",
    "Пожалуйста, не подписывайтесь автоматически.",
    "Будь ласка, без автоматичних підписок.",
    "Παρακαλώ όχι αυτόματες ακολουθήσεις.",
    "Mohon jangan ikuti saya secara otomatis.",
    "Xin đừng tự động theo dõi tôi.",
    "Huwag po akong i-follow nang awtomatiko.",
    "Tafadhali usinifuate kiotomatiki.",
    "يرجى عدم المتابعة التلقائية.",
    "لطفاً به صورت خودکار دنبالم نکنید.",
    "נא לא לעקוב אחריי אוטומטית.",
    "कृपया मुझे अपने-आप फॉलो न करें।",
    "自動フォローはお断りします。",
    "请不要自动关注我。",
    "자동 팔로우는 사양합니다.",
    "กรุณาอย่าติดตามอัตโนมัติ",
    "Bot accounts: I will report you.",
    "Keep your bots away from me.",
    "#NoBotFollows",
    "#KeinBot",
    "#nobotspls",
    "#stopbots",
    "#NoAutoFollowPlease",
    "🚫🤖 please",
    "Bots 🚫",
    "Bots: nope.",
    "Robots, stay out.",
]


@pytest.mark.parametrize("note", OTHER_REFUSALS)
def test_other_refusals_are_never_followed(note: str) -> None:
    decision = decide(account(f"Gardener. {note}"))
    assert decision.outcome is not Outcome.FOLLOW, [r.rule for r in decision.reasons]


#: Robots as machines, bots as someone's work, "not a robot": followed.
PEOPLE_AND_ROBOTS = [
    "Retired engineer. I used to program industrial robots.",
    "I teach a class about chatbots at uni.",
    "My son loves robots and dinosaurs. I love coffee.",
    "I build Lego robots with my kids.",
    "Robot vacuum owner, proud cat parent.",
    "Botanist, birder, baker.",
    "Bottle collector, botany nerd, Talbot fan.",
    "Sometimes I feel like a robot at work lol.",
    "Human. Very human. Painfully human.",
    "Ich bin kein Roboter, ich schwöre.",
    "Je ne suis pas un robot, promis.",
    "Ich baue Bots für Discord, aber hier bin ich privat.",
    "Escribo bots de Telegram por trabajo.",
    "Faço robôs com Arduino nas horas vagas.",
    "Lavoro con i robot industriali.",
    "Ik ontwikkel chatbots voor klantenservice.",
    "Pracuję nad robotami mobilnymi.",
    "Я разработчик ботов для Telegram.",
    "ロボットアニメが好きな会社員です。",
    "机器人爱好者，也是程序员。",
    "로봇 만드는 걸 좋아해요.",
    "أحب الروبوتات والبرمجة.",
    "Robotik mühendisiyim.",
    "Saya suka merakit robot.",
    "Automation engineer at a car factory.",
    "I automate boring stuff with Python.",
    "Home automation tinkerer (Home Assistant).",
    "Automatic transmission mechanic, Toronto.",
]


@pytest.mark.parametrize("note", PEOPLE_AND_ROBOTS)
def test_people_who_speak_of_robots_are_followed(note: str) -> None:
    decision = decide(account(note))
    assert decision.outcome is Outcome.FOLLOW, [r.rule for r in decision.reasons]


#: Feeds that say so only in their profile: following nobody, hundreds of posts, no flag.
FEEDS = [
    ("Daily Haiku Bot", "A new haiku every morning."),
    ("Tide Times", "Tide predictions, posted every 6 hours."),
    ("Headlines", "Latest headlines, auto-posted from our RSS."),
    ("Bulletin", "Ce compte publie automatiquement les alertes météo."),
    ("Wetterwarnungen", "Automatische Unwetterwarnungen für Bayern."),
    ("Cotizaciones", "Cotizaciones del dólar, cada hora, automáticamente."),
    ("Trending", "I post the top trending tags every hour. I'm a script."),
    ("XKCD mirror", "Unofficial mirror of xkcd comics."),
    ("Earthquake alerts", "Automatic alerts of earthquakes above M4."),
    ("News 🤖", "Feed of the city council press releases."),
]


@pytest.mark.parametrize(("name", "note"), FEEDS, ids=[f[0] for f in FEEDS])
def test_feeds_described_only_in_the_profile_are_automated(name: str, note: str) -> None:
    raw = account(
        note,
        name=name,
        following_count=0,
        statuses_count=300,
        followers_count=40,
        created_at="2025-01-01T00:00:00Z",
    )
    decision = decide(raw)
    assert decision.outcome is Outcome.SKIP, [r.rule for r in decision.reasons]


#: Bios as people write them, in 31 languages: jobs, families, hobbies, pronouns.
EVERYDAY_PEOPLE = [
    "Cinema usher by night, film student by day.",
    "Charity shop volunteer, knitter, grandma.",
    "I campaign for safer streets in my spare time. Dad of two.",
    "Pizza lover and part-time chef.",
    "Vereinsvorsitzende im Kleingartenverein, Lehrerin.",
    "Ich helfe im Tierheim und studiere Biologie.",
    "Boulanger de métier, photographe de cœur.",
    "Je vais à tous les festivals de Lyon.",
    "Maestra rural en Las Lomas. Amo a mis alumnos.",
    "Locutor en una radio comunitaria. Músico.",
    "Padeiro aposentado, avô de quatro netos.",
    "Artista do coletivo Ocupa, mas falo só por mim.",
    "Pizzaiolo da tre generazioni. Tifoso del Napoli.",
    "Ik werk bij een energiecoöperatie en fiets veel.",
    "Bibliotekarie i Lund. Läser allt.",
    "Syklist, far, ingeniør.",
    "Kirjakaupan myyjä, kissaihminen.",
    "Wolontariuszka w schronisku. Kocham psy.",
    "Herec v malém divadle v Olomouci.",
    "Kertészkedem és fotózom. Nyugdíjas tanár.",
    "Barista într-o cafenea din Sibiu.",
    "Kitap kafede çalışıyorum, şiir yazıyorum.",
    "Работаю бариста в кофейне, рисую.",
    "Волонтерка громади, мама двох дітей.",
    "Μέλος του συλλόγου γονέων, μηχανικός.",
    "ラーメン屋巡りが趣味の会社員です。",
    "在图书馆工作，喜欢看电影。",
    "도서관 사서로 일하고 있어요.",
    "متطوعة في جمعية لإنقاذ الحيوانات.",
    "عضو انجمن کوهنوردی و عاشق طبیعت.",
    "ספרנית בחולון, אוהבת קפה.",
    "मैं पुस्तकालय में काम करता हूँ।",
    "Saya pemilik warung kecil dan suka memasak.",
    "Mình bán bánh mì và thích chụp ảnh.",
    "ขายข้าวมันไก่และชอบปลูกต้นไม้",
    "Magsasaka at ama ng tatlong anak.",
    "Napenda kusoma vitabu na kucheza mpira.",
    "Monitor d'esplai i estudiant.",
    "Mi estas membro de Esperanto-klubo en Varsovio.",
    "Map nerd. I go to every mapping meetup.",
    "she/her · 🏳️\u200d🌈 · nurse · reader of too many fantasy novels · #introduction",
    "Dad, developer, dog person. Posting about Rust, hiking and bad puns.",
    "Historian of medieval Europe at a small college. Views mine.",
    "Software tester by day, amateur astronomer by night 🔭",
    "I post pictures of my garden and complain about slugs.",
    "PhD candidate, climate science. Previously on the birdsite.",
    "Graphic designer & illustrator. Commissions closed. Portfolio in fields.",
    "Just a guy who likes trains. 🚂",
    "Linux, coffee, cats. Sysadmin for a school district.",
    "Writer. Queer. Disabled. Tired. Links below.",
    "Moved here from Twitter. Hi! Mostly books and politics.",
    "Freelance translator (DE>EN). Board games, baking.",
    "Amateur photographer, full-time accountant.",
    "Nurse, runner, mum of three. Our house is chaos.",
    "Ich koche gern, fahre Rad und lese Krimis. Neu hier!",
    "Softwareentwicklerin aus Hamburg. Sie/ihr.",
    "Passionnée de randonnée et de BD. Prof de maths.",
    "Étudiant en informatique à Rennes. Jeux vidéo et musique.",
    "Madre, abogada y lectora. Desde Buenos Aires.",
    "Ingeniero de software. Me gustan los trenes y el café.",
    "Desenvolvedora, mãe de gêmeos, fã de samba.",
    "Professore di storia in pensione. Amo la montagna.",
    "Appassionato di fotografia e cucina. Napoli.",
    "Fietser, boekenliefhebber, leraar geschiedenis.",
    "Jag gillar att sticka och läsa deckare. Bor i Uppsala.",
    "Opiskelija Helsingistä. Musiikki, pelit ja kahvi.",
    "Programista, tata, miłośnik gór.",
    "Studentka medicíny v Praze. Ráda běhám.",
    "Szeretem a macskákat és a könyveket. Budapest.",
    "Profesor de chimie, pasionat de fotografie.",
    "Yazılım geliştirici. Kedi, kahve, kitap.",
    "Программист из Новосибирска. Люблю походы и кофе.",
    "Вчителька англійської, Харків. Читаю, малюю.",
    "Φοιτήτρια αρχιτεκτονικής. Αγαπώ τη θάλασσα.",
    "イラストを描いています。猫が好き。よろしくお願いします。",
    "大学生です。音楽とゲームが好きです。",
    "程序员，住在上海。喜欢跑步和看书。",
    "대학생이에요. 음악 듣는 걸 좋아해요.",
    "مهندس برمجيات من الرياض. أحب القراءة والسفر.",
    "دانشجوی پزشکی در شیراز. عاشق موسیقی.",
    "מתכנתת מתל אביב. אוהבת חתולים.",
    "दिल्ली से एक छात्र। क्रिकेट और किताबें।",
    "Mahasiswa teknik di Surabaya. Suka main gitar.",
    "Sinh viên ở Sài Gòn. Thích đọc sách và nghe nhạc.",
    "นักศึกษาที่กรุงเทพฯ ชอบดูหนังและฟังเพลง",
    "Estudyante sa Maynila. Mahilig sa musika.",
    "Mwanafunzi wa chuo kikuu Nairobi. Napenda muziki.",
    "Estudiant de filologia. M'agrada la música.",
    "Mi estas studento kaj amas librojn.",
    "Ex-journalist, now running a small farm with my partner. We have goats.",
    "Former teacher, current gardener. Our allotment is my happy place.",
    "Parent, volunteer at the food bank, bad at knitting.",
    "Member of the local choir and the hiking club. Retired nurse.",
    "Ich arbeite im Kindergarten und singe im Chor.",
    "Trabajo en el ayuntamiento, pero aquí hablo de plantas.",
    "Work at the city council, post about cats. Views my own.",
    "Sou bibliotecária numa escola pública. Adoro gatos.",
    "Engineer at a small startup. We build tools for farmers. Opinions mine.",
    "Co-founder of a tiny game studio. I also draw comics.",
    "I run a book club in my living room. 6 members, 2 cats.",
    "Streamer on Twitch. Official mug collector.",
    "Team player, coffee drinker, occasional marathoner.",
    "Conference speaker, open-source contributor, cat dad.",
    "Festival-goer, vinyl collector, nurse.",
    "Working at a museum shop. Art history grad.",
    "Barista & student. Latte art attempts daily.",
    "Open to work! UX designer, Berlin.",
    "Open source maintainer. Python, Postgres, puns.",
]


@pytest.mark.parametrize("note", EVERYDAY_PEOPLE)
def test_everyday_people_are_followed(note: str) -> None:
    decision = decide(account(note))
    assert decision.outcome is Outcome.FOLLOW, [r.rule for r in decision.reasons]
