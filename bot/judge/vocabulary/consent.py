"""Consent: how people say "no bots", as hashtags, profile fields and sentences.

The defaults here belong to the code; ``config.yaml`` may add to them
(``opt_out.extra_tags``) or restate them.
"""

from __future__ import annotations

import re

DEFAULT_OPT_OUT_TAGS = (
    "nobot",
    "nobots",
    "noautofollow",
    "nofollowback",
    "nobotfollow",
    "noautomation",
)

DEFAULT_OPT_OUT_PHRASES = (
    "no bots",
    "no bots please",
    "please no bots",
    "bots not welcome",
    "no bot follows",
    "no automated follows",
    "no follow-back services",
    "no followback bots",
    "keine bots",
    "bitte keine bots",
    "pas de bots",
    "pas de robots",
    "no a los bots",
    "sin bots",
    "niente bot",
    "sem bots",
    "geen bots",
    "ingen bots",
    "bez botów",
    "ボットお断り",
)

#: "#NoBotsPlease", "#nobot_thanks": an opt-out tag with a polite ending is still one.
OPT_OUT_TAG_ENDINGS = ("", "please", "pls", "plz", "thanks", "thankyou", "thx", "allowed", "here")

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
