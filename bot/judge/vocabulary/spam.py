"""Spam: follow-for-follow, money, dating and promotion bait, and asking to talk elsewhere."""

from __future__ import annotations

import re

# fmt: off

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
    # casinos and betting, in many languages
    "casino", "casinò", "casinos", "kasino", "kasyno", "kumarhane", "казино", "カジノ", "赌场",
    "賭場", "카지노", "كازينو", "קזינו", "คาสิโน", "sòng bạc", "bonus senza deposito",
    "giri gratis", "tiradas gratis", "giros grátis", "freispiele", "tours gratuits",
    "apuestas deportivas", "apostas esportivas", "scommesse", "paris sportifs", "sportwetten",
    "bahis", "ставки на спорт", "букмекер", "博彩", "百家乐", "바카라", "บาคาร่า", "cá cược",
    "nhà cái", "judi online", "situs judi", "taruhan",
    # dating bait
    "mulheres solteiras", "solteiras", "sem compromisso", "mujeres solteras", "sin compromiso",
    "single frauen", "singles in deiner nähe", "femmes célibataires", "donne single",
    "samotne kobiety", "одинокие девушки", "出会い系", "交友", "约炮", "한국 여성", "مواعدة",
    "cadastro grátis", "registro gratis", "inscription gratuite", "kostenlos anmelden",
    # fake account recovery and "support"
    "khôi phục tài khoản", "lấy lại tài khoản", "bị hack", "recuperar sua conta",
    "recupera tu cuenta", "récupérer votre compte", "konto wiederherstellen",
    "recupero account", "hesap kurtarma", "восстановление аккаунта", "账号找回", "계정 복구",
    "استعادة الحساب", "بازیابی حساب",
    # money in many languages
    "dinheiro fácil", "dinero fácil", "soldi facili", "schnelles geld", "argent facile",
    "szybkie pieniądze", "быстрые деньги", "заработок", "пассивный доход", "kazanç",
    "pasif gelir", "penghasilan", "kiếm tiền", "赚钱", "돈 버는", "ربح المال", "درآمد",
    "sinyal trading", "tín hiệu", "сигналы", "信号群",
)

# fmt: on

#: Talking off the platform: phone numbers and messenger handles (spam's favourite).
OFF_PLATFORM_CONTACT = re.compile(
    r"(?:whats\s?app|wa\.me|\bwa\s?:|telegram|t\.me/|wechat|微信|line\s?id|kakaotalk|signal\s?:"
    r"|\bzalo\b|\bviber\b|\bqq\s?[:：]|ライン\s?id|카톡)"
    r"|(?:\+\d{1,3}[\s-]?\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4})",
    re.IGNORECASE,
)
