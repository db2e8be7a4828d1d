"""Red-flag alerts and small talk: data-driven, negation-aware, never hiding a question."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assistant import safety
from assistant.core import Assistant
from assistant.evaluate import RANK_DEPTH, load_cases
from assistant.model import SafetyRule
from assistant.normalise import compiled
from assistant.safety import SafetyCheck

DEV = Path(__file__).parent / "dev"


@pytest.fixture(
    scope="module",
    params=[
        "safety.yaml",
        "safety-holdout.yaml",
        "safety-fresh.yaml",
        "safety-fresh2.yaml",
        "safety-fresh3.yaml",
        "safety-fresh4.yaml",
        "safety-fresh5.yaml",
        "safety-fresh6.yaml",
        "safety-fresh7.yaml",
        "safety-fresh8.yaml",
        "safety-fresh9.yaml",
        "safety-fresh10.yaml",
        "safety-fresh11.yaml",
        "safety-fresh12.yaml",
        "safety-fresh13.yaml",
        "safety-fresh14.yaml",
        "safety-fresh15.yaml",
        "safety-fresh16.yaml",
        "safety-fresh17.yaml",
        "safety-fresh18.yaml",
        "safety-fresh19.yaml",
        "safety-fresh20.yaml",
        "safety-fresh21.yaml",
        "safety-fresh22.yaml",
        "safety-fresh23.yaml",
        "safety-fresh24.yaml",
        "safety-fresh25.yaml",
        "safety-fresh26.yaml",
        "safety-fresh27.yaml",
        "safety-fresh28.yaml",
        "safety-fresh29.yaml",
        "safety-fresh30.yaml",
        "safety-fresh31.yaml",
        "safety-fresh32.yaml",
        "safety-fresh33.yaml",
        "safety-fresh34.yaml",
        "safety-fresh35.yaml",
        "safety-fresh36.yaml",
        "safety-fresh37.yaml",
        "safety-fresh38.yaml",
        "safety-fresh39.yaml",
        "safety-fresh40.yaml",
        "safety-fresh41.yaml",
        "safety-fresh42.yaml",
        "safety-fresh43.yaml",
        "safety-fresh44.yaml",
        "safety-fresh45.yaml",
        "safety-fresh46.yaml",
        "safety-fresh47.yaml",
        "safety-fresh48.yaml",
        "safety-fresh49.yaml",
        "safety-fresh50.yaml",
        "safety-fresh51.yaml",
        "safety-fresh52.yaml",
        "safety-fresh53.yaml",
        "safety-fresh54.yaml",
        "safety-fresh55.yaml",
        "safety-fresh56.yaml",
        "safety-fresh57.yaml",
        "safety-fresh58.yaml",
        "safety-fresh59.yaml",
        "safety-fresh60.yaml",
        "safety-fresh61.yaml",
        "safety-fresh62.yaml",
        "safety-fresh63.yaml",
        "safety-fresh64.yaml",
        "safety-fresh65.yaml",
        "safety-fresh66.yaml",
        "safety-fresh67.yaml",
        "safety-fresh68.yaml",
        "safety-fresh69.yaml",
        "safety-fresh70.yaml",
        "safety-fresh71.yaml",
        "safety-fresh72.yaml",
        "safety-fresh73.yaml",
        "safety-fresh74.yaml",
        "safety-fresh75.yaml",
        "safety-fresh76.yaml",
        "safety-fresh77.yaml",
        "safety-fresh78.yaml",
        "safety-fresh79.yaml",
        "safety-fresh80.yaml",
        "safety-fresh81.yaml",
        "safety-fresh82.yaml",
        "safety-fresh83.yaml",
        "safety-fresh84.yaml",
        "safety-fresh85.yaml",
        "safety-fresh86.yaml",
        "safety-fresh87.yaml",
        "safety-fresh88.yaml",
        "safety-fresh89.yaml",
        "safety-fresh90.yaml",
        "safety-fresh91.yaml",
        "safety-fresh92.yaml",
        "safety-fresh93.yaml",
        "safety-review.yaml",
    ],
)
def safety_set(request: pytest.FixtureRequest) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEV / request.param).read_text())
    data.setdefault("smalltalk", [])
    data["file"] = request.param
    return data


def alert(helper: Assistant, text: str) -> str | None:
    rule = helper.reply(text).alert
    return rule.id if rule else None


def alerting(helper: Assistant, *texts: str) -> list[str]:
    """The texts that raise an alert."""
    return [text for text in texts if alert(helper, text) is not None]


def alerting_other_than(helper: Assistant, rule: str, *texts: str) -> list[str]:
    """The texts that do not raise this rule's alert."""
    return [text for text in texts if alert(helper, text) != rule]


def test_red_flags_are_alerted(helper: Assistant) -> None:
    assert alert(helper, "my glutes hurt and my groin feels numb") == "numbness"
    assert alert(helper, "lost control of my bladder after squats") == "bladder-bowel"
    assert alert(helper, "sore bum and now pain shooting down my leg") == "radiating-pain"
    assert alert(helper, "my butt has hurt for three weeks") == "persistent-pain"
    assert alert(helper, "felt a pop in my glute during deadlifts") == "injury"
    assert alert(helper, "tumbled down the stairs and my bum hurts") == "injury"
    assert alert(helper, "his bum pain after squats kept him up all night") == "severe-pain"
    assert alert(helper, "my weight tumbled down since i started doing 10k steps, sore bum") is None
    assert alert(helper, "my bum hurts and i have blood in my stool") == "other-warning-signs"
    assert alert(helper, "the pain goes down to my knee") == "radiating-pain"
    assert alert(helper, "weeks later it still hurts") == "persistent-pain"
    # Days count as weeks from two weeks on: the rules speak of weeks.
    assert alert(helper, "my bum has been sore for 15 days now") == "persistent-pain"
    assert alert(helper, "my bum has been sore for 5 days now") is None
    # Counted in words too.
    assert alert(helper, "my bum has been sore for twenty one days") == "persistent-pain"
    assert alert(helper, "bottom sore since fourteen days, still no better") == "persistent-pain"
    assert alert(helper, "thirty days into my squat challenge and my glutes are still sore") is None
    # A count of hours is no count of days; one word after the count is its units only.
    assert alert(helper, "I do fourteen hour days and my glutes still ache after squats") is None
    assert alert(helper, "rest for fifteen more days, my bum is still sore") is None
    # Not a count of training days, but "straight", "running" and "off" are still weeks.
    assert alert(helper, "30 days into my squat challenge and my glutes are still sore") is None
    assert alert(helper, "I've had buttock pain for 20 days straight") == "persistent-pain"
    assert alert(helper, "took 20 days off running and my bum still aches") == "persistent-pain"
    # How often is not how long: "3 times a week" is no pain of weeks.
    assert alert(helper, "i train 3 times a week and my glutes are still sore") is None
    assert alert(helper, "sore for 3 weeks and still sore") == "persistent-pain"
    # Nor is which week of a plan; how many weeks it has been still is.
    assert alert(helper, "week 2 of my program and my butt is still sore") is None
    assert alert(helper, "its week 4 and my butt still hurts") == "persistent-pain"
    assert alert(helper, "started the gym last week and my glutes are still sore") is None
    assert alert(helper, "my squat got worse this week, glutes still sore from Monday") is None
    assert alert(helper, "for the last week my butt still aches") == "persistent-pain"
    assert alert(helper, "sore since last week and it still hurts") == "persistent-pain"
    # One week is not weeks, though the two read alike; more than a week may be.
    assert alert(helper, "my butt has been sore for a week, how long does it last") is None
    assert alert(helper, "bum still aching a week after my first spin class") is None
    assert alert(helper, "its been a week and it still hurts") is None
    assert not alerting_other_than(
        helper,
        "persistent-pain",
        "sore for a week or two and still hurts",
        "glute pain for a week+ and still sore",
        "sore for more than a week and it still hurts",
        "pain for at least a week now, still hurts",
        "hurt for over a week and still hurts",
    )
    assert alert(helper, "it has ached for over a fortnight now") == "persistent-pain"
    assert not alerting(
        helper,
        "i do parkrun every fortnight and still get sore after",
        "i swim twice a fortnight and still sore after",
        "i cycle every other fortnight and still sore after",
    )
    assert alert(helper, "my leg buckled on the stairs") == "leg-weakness"
    assert alert(helper, "my son says it runs down his leg") == "radiating-pain"
    assert alert(helper, "went running down the hill and my leg is sore") is None
    # Words for the same thing are synonyms (faq/synonyms.yaml): "wee" reads as "pee".
    assert alert(helper, "can't hold my wee anymore") == "bladder-bowel"
    # "zero" is no negation: the symptom stands.
    assert alert(helper, "I have zero strength in my left leg and it keeps giving way") == (
        "leg-weakness"
    )


def test_without_cancels_what_follows_it_not_the_clause(helper: Assistant) -> None:
    assert alert(helper, "sore glutes without any tingling") is None
    assert alert(helper, "my bum aches without numbness") is None
    # A list of symptoms after it, too.
    assert alert(helper, "I squat without any back pain or numbness") is None
    assert alert(helper, "sore glutes but without numbness or weakness in my legs") is None
    assert alert(helper, "without warning my leg went numb during the run") == "numbness"


def test_missing_a_class_denies_no_symptom(helper: Assistant) -> None:
    # The matcher reads "missed the warm-up" as skipping it; a symptom after it still stands.
    assert alert(helper, "missed class today with numb toes and a sore bum") == "numbness"


def test_without_after_an_inability_asserts_what_follows_it(helper: Assistant) -> None:
    # "Can't stand without it collapsing" says that it collapses.
    for text in (
        "I am unable to stand on my left leg without it collapsing under me",
        "since leg day I can't stand on my left leg without it collapsing",
        "he couldn't climb the stairs without his leg buckling",
        "impossible to get up the stairs without my leg buckling",
    ):
        assert alert(helper, text) == "leg-weakness", text
    assert alert(helper, "I can stand on my left leg without it collapsing now") is None
    assert alert(helper, "unable to train today, no leg collapsing or numbness though") is None


def test_a_stretched_no_is_dismay_not_a_negation(helper: Assistant) -> None:
    assert alert(helper, "nooo my groin is numb") == "numbness"
    assert alert(helper, "noooo my leg went numb after squats") == "numbness"


def test_a_symptom_long_past_raises_nothing(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "I had sciatica down my leg years ago but it cleared up completely with physio",
        "I had a fever last year but I'm fine now, why are my glutes sore?",
        "my sciatica cleared up years ago and I've had no trouble since",
        "Had a fever last year during flu season, totally unrelated, are hip thrusts good?",
        "Years ago I had numb toes, but physio sorted it all out. Now I want a glute routine.",
        "I fell on my bum skiing last winter but it healed fully months ago, how do I stretch?",
        "had sciatica down my leg about 6 years ago, totally sorted since. stretches?",
        "had a fever ages ago with a cold, fully better, ok to keep running?",
        # A time said alone just before counts for the clause it sets.
        "Years ago (2015) I had sciatica down my leg but it cleared up completely with physio.",
        "Years ago (2018) I had numbness in my glute, it cleared up and I've been fine ever since.",
        "I had sciatica about ten years ago, it went completely after physio. Stretches?",
        "had sciatica years ago but it went, now just normal butt soreness after lunges",
    )
    # Passed lately, still there, back, or another symptom beside it: each alerts.
    for text, expected in (
        ("I lost control of my bladder during squats yesterday, it's fine now", "bladder-bowel"),
        ("my leg gave way on the stairs yesterday but I'm fine now", "leg-weakness"),
        ("my groin is numb, the fever cleared up years ago", "numbness"),
        ("I had numbness years ago, it went away, but now it\u2019s back", "numbness"),
        ("had a fever ages ago, all better, but it came back this week", "fever"),
        # What is hoped for has not passed; "back in" a month may be within it.
        ("my groin went numb ages ago, should I rest until I'm fully better?", "numbness"),
        ("I lost bladder control back in March and my back is all sorted now", "bladder-bowel"),
        ("my groin has been numb since ages ago, my hip is fully better", "numbness"),
        ("my groin has been numb ever since I fell ages ago, my hip is fully better", "numbness"),
        ("my groin went numb ages ago and it has stayed numb, my back is fully better", "numbness"),
        ("the numbness in my groin hasn\u2019t cleared up since years ago", "numbness"),
        ("been sore for a month, thought it was DOMS but it never went away", "persistent-pain"),
        ("I had a fever last month, it went away but it's come back with my sore bum", "fever"),
        ("I lost control of my bladder a month ago but it went away", "bladder-bowel"),
        ("my groin has been numb since last year, unrelated to the gym", "numbness"),
        ("my groin has been numb for the last month, the physio thinks it's unrelated", "numbness"),
        ("numbness in my groin since last year, sorted my diet out but no change", "numbness"),
        (
            "blood in my stool since last year. Unrelated question: how long does DOMS last?",
            ("other-warning-signs"),
        ),
    ):
        assert alert(helper, text) == expected, text


def test_a_lump_that_grows_is_read_sixteen_words_on_when_it_grows(helper: Assistant) -> None:
    text = (
        "Dad has a lump atop his bum that he thinks is from the rowing but it's bigger every week"
    )
    assert alert(helper, text) == "other-warning-signs"
    # Something else that grows, or no lump of the body.
    assert not alerting(
        helper,
        "I used to sit like a lump on the sofa, but since joining a gym my glutes have got bigger",
        "I paid a lump sum for the year and my glutes have grown so much since I joined",
        "got a lump in my throat watching my son, he is growing so fast, sore bum after football",
        "I was a couch lump all winter, now back at the gym and it feels like my glutes grow",
        "My son broke his wrist and can't hold his water bottle properly, can he do glute bridges?",
    )


def test_a_swelling_that_grows_or_a_red_hot_patch_alerts(helper: Assistant) -> None:
    for text in (
        "The sweling on my buttock seems bigger every day since my spin class.",
        "the swelling's getting bigger and it still hurts after squats",
        "new lump under my glute, showed up after leg day",
        "it's red and warm to touch where my glute hurts",
        "its hot and red where it hurts on my bum",
        "I also noticed a hard lump on my butt cheek that I never had before.",
        "swelling on my glute keeps getting bigger every day since leg day",
        "the swollen bit on my bum keeps getting bigger",
        "my bum is red and hot to touch where it hurts after training",
    ):
        assert alert(helper, text) is not None, text
    assert not alerting(
        helper,
        "my face goes red and hot after every spin class, glutes sore too",
        # A swell at sea, a lump of clay, a face flushed after a race, a heat pack: no body's
        # warning sign.
        "The swell keeps getting bigger this week so I've been surfing and my glutes ache",
        "the swelling went down and my glutes are getting bigger from squats",
        "the heat pack is hot to the touch, is it ok to put it on a sore glute?",
        "I bought a new lump of clay for pottery and hours at the wheel leave my bum aching",
        "Ate a lump of cake before squats which I never had before a workout, bum hurts",
        "My face is red and hot to touch after a 10k in the heat, and my glutes ache",
    )


def test_soreness_going_on_for_weeks_alerts_but_a_plan_that_does_not(helper: Assistant) -> None:
    text = "How long should soreness last? Mine has been going for like 18 days now."
    assert alert(helper, text) == "persistent-pain"
    assert not alerting(
        helper,
        "sore glutes every monday, the challenge has been going for weeks and I love it",
        "My couch to 5k? Mine has been going for 7 weeks and the soreness after runs is better",
        "Our Zwift pain cave has been going for 6 weeks now and my glutes ache after races",
    )


def test_a_history_of_cancer_or_pain_at_night_at_rest_alerts(helper: Assistant) -> None:
    assert not alerting_other_than(
        helper,
        "other-warning-signs",
        "I had breast cancer a few years back, now I have pain in my bum. Could it be muscle?",
        "the pain is worst at night when I'm lying still, not really when I train",
    )
    # A charity run, a scare that was nothing, DOMS felt more in the evening: no warning sign.
    assert not alerting(
        helper,
        "My mum had cancer so I'm running Race for Life, how do I stop my glutes aching?",
        "She had a cancer scare last year but it was nothing, anyway her glutes ache",
        "My DOMS always feels worse at night for some reason, how long does it last?",
    )


def test_a_fall_that_left_one_totally_fine_is_no_injury(helper: Assistant) -> None:
    text = "my teammate fell over in training but got straight back up and was totally fine"
    assert alert(helper, text) is None
    text = "I slipped on the ice and was totally fine until this morning, now I can't walk"
    assert alert(helper, text) is not None
    assert alert(helper, "I fell on my tailbone and it is not totally fine") == "injury"


def test_everyday_words_for_red_flags_alert(helper: Assistant) -> None:
    for text, expected in (
        ("sore bum after running and i keep leaking when i stand up", "bladder-bowel"),
        ("my son has a sore bum after rugby and hes hot and clammy", "fever"),
        ("crying on the sofa from butt pain, painkillers are doing nothing", "severe-pain"),
        (
            "does glute soreness last this long? its been 17 days and no improvement",
            "persistent-pain",
        ),
    ):
        assert alert(helper, text) == expected, text
    # The same words of the weather, sweat, a race time, a family, a training time: nothing.
    assert not alerting(
        helper,
        "The gym was so hot and clammy today, glutes are sore after step class",
        "I keep leaking sweat through my leggings on leg day, are sore glutes normal?",
        "6 weeks of parkrun and no improvement in my time, though my glutes ache less now",
        "My family has a history of cancer so I'm cautious, but is glute soreness normal?",
        "Are sore glutes the next day normal? I lift mostly at night.",
        "I've heard painkillers aren't helping you recover, should I put up with sore glutes?",
    )
    # Crying from the pain, said laughing, is a joke.
    assert alert(helper, "crying from the pain in my glutes after leg day lol") is None


def test_a_pet_that_falls_off_a_shelf_or_falls_asleep_is_no_fall(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "My cat fell off the bookshelf and is totally fine, I'm the one with sore glutes haha",
        "my dog fell asleep on my legs and now my glutes are stiff",
    )


def test_a_symptom_that_went_long_ago_has_passed_but_a_power_that_went_is_lost(
    helper: Assistant,
) -> None:
    assert not alerting(
        helper,
        "Had sciatica a decade ago but it went, now just sore",
        "I used to get pins and needles in my leg as a teenager but it just went, glutes stiff",
        "I had sciatica years ago and it went, my glutes are only sore from squats today",
        "Had sciatica years ago but it went after physio, is buttock soreness after runs ok?",
        "my bum went numb on the bike years ago but a new saddle fixed it, today just sore",
        "a decade ago i had numbness in my butt after a disc op, sorted for years now",
        "i used to get pins and needles on long rides but that went when i changed saddle",
    )
    for text, expected in (
        ("My bladder control used to be fine but it went", "bladder-bowel"),
        ("I used to have bladder control on long runs but that went.", "bladder-bowel"),
        # Used to heavy lifts is no time long ago; how it went is no symptom passing.
        (
            "I'm used to heavy deadlifts and today my leg just gave way, that's how it went",
            "leg-weakness",
        ),
        (
            "In 2019 I lost control of my bladder but it went. This week the same has happened",
            "bladder-bowel",
        ),
        (
            "Years ago I had a lump on my buttock that went; now I found the same thing, it's "
            "getting bigger",
            "other-warning-signs",
        ),
    ):
        assert alert(helper, text) == expected, text


def test_a_symptom_strong_or_fine_again_has_passed_unless_it_says_otherwise(
    helper: Assistant,
) -> None:
    assert not alerting(
        helper,
        "My leg felt weak last year after a hospital stay, it cleared up and it's fine again now",
        "My leg felt weak months ago when I came back from a break, but it's completely strong now",
    )
    # Weak again, never strong, fine until lately, or back on coming back: not passed.
    assert not alerting_other_than(
        helper,
        "leg-weakness",
        "my leg went weak years ago, it healed, but it's weak again",
        "My left leg went weak years ago after a disc op and it has never been fully strong",
        "My leg gave way years ago and it recovered, I have been fine ever since until yesterday",
        "Years ago my leg gave way, it healed, but since I came back to the gym it gives way",
    )


def test_a_symptom_sorted_long_ago_or_not_happened_since_has_passed(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "had numbness in my foot years ago, sorted ages ago. today just achy glutes",
        "tingling in my leg years ago, hasn't happened since. glutes sore now",
        "many years ago I had sciatica but it is cured now, just muscle pain from the gym",
        "last year I had fever but now only sore bum from the gym",
    )
    text = "had numbness in my foot years ago, sorted ages ago, but it came back this week"
    assert alert(helper, text) == "numbness"


def test_taking_up_a_sport_again_or_asking_to_keep_at_it_is_no_symptom_back(
    helper: Assistant,
) -> None:
    assert not alerting(
        helper,
        "My bum hurt for three weeks after the marathon last spring but it's completely gone "
        "now. Starting training again - how do I avoid a repeat?",
        "I had sciatica a couple of years ago but it cleared up completely with physio. Now "
        "it's just normal sore glutes after the gym - should I still do the same stretches?",
        "had a fever years ago, fully better, can I run again after a cold?",
        # Gone since, fine since, and a teen's years are long past too.
        "had numbness in my bum years ago after a long flight, gone ever since; lifting again now",
        "my leg used to give way years ago but its been fine since surgery, thinking of jogging",
        "could I still do the 5k next weekend? had a fever as a teen that's long gone",
        # What never came back has passed.
        "Had a bout of sciatica three years ago, fully sorted with physio and it's never come "
        "back. Just normal stiff bum after today's walk",
        "Last spring I had a tingly leg for a couple of days, it went completley and never came "
        "back. This is just a normal achy backside after hiking",
    )
    # A history of cancer is one however long ago it cleared up; a scare is none.
    text = "I had bowel cancer years ago but it cleared up, now my buttock aches after walks"
    assert alert(helper, text) == "other-warning-signs"
    assert alert(helper, "I had a cancer scare years ago but it cleared up, bum aches") is None
    # A feeling that never came back is lost, not passed.
    text = "years ago my groin went numb after a fall and the feeling never came back"
    assert alert(helper, text) == "numbness"
    # The symptom itself again, or still there: not passed.
    for text, expected in (
        (
            "had sciatica years ago, it cleared up, but now it shoots down my leg again",
            "radiating-pain",
        ),
        ("I had numbness years ago, it cleared up, but I still have numbness", "numbness"),
        ("my leg gave way years ago, it healed, and it gave way again today", "leg-weakness"),
    ):
        assert alert(helper, text) == expected, text


def test_an_owned_but_is_a_butt_that_ends_its_own_clause(helper: Assistant) -> None:
    text = "I slipped on the wet poolside and landed on my but now it's really sore"
    assert alert(helper, text) == "injury"
    # A "but" that joins still ends the clause a negation reaches over, and an owned one ends
    # its own.
    assert alert(helper, "no numbness, but my glutes are sore after squats") is None
    assert alert(helper, "no pain in my but tingling in my foot since leg day") == "numbness"


def test_a_foot_that_drags_on_the_floor_is_no_question_of_how_long(helper: Assistant) -> None:
    text = "since the spin class my left foot drags on the floor when I walk, bum hurts"
    assert alert(helper, text) == "leg-weakness"
    assert alert(helper, "my glute pain has dragged on for weeks now") == "persistent-pain"
    text = "my left foot drags on for a few steps after I stand, bum hurts"
    assert alert(helper, text) == "leg-weakness"


def test_session_31s_triggers_stay_quiet_on_gym_talk(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "I do glute bridges but can't feel them properly, just my quads burn",
        "my legs get cold so I wear woolly tights for running",
        "I don't feel much in my glutes when I sit back into a squat",
        "I feel hot and shaky after hiit, glutes sore",
        "I hear a crack in my hip every time I squat",
        "at the bottom of the squat my hips go pop",
        "snapping feeling in my hip when I lift my leg",
        "hip thrust machine, I hardly put any weight on it yet my glutes are sore",
        "my glutes are sore after 10 x 10 squats",
        "push down through the whole leg on the leg press",
        "sore on monday and the pain still is there now",
        "day 2 after squats and the pain is stronger than the day before",
    )


def test_its_reads_as_it_is(helper: Assistant) -> None:
    # The commonest slip: "its bigger every week" is "it's bigger every week".
    text = "theres a lump on my butt cheek, noticed it when i squat, but its bigger every week"
    assert alert(helper, text) == "other-warning-signs"


def test_what_falls_out_of_a_pocket_or_off_a_shelf_is_no_fall(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "my phone fell out of my pocket on the downhill, bum sore from the hill",
        "a medicine ball fell off the shelf, nobody hurt. glute stretch?",
    )
    # Unless it falls on someone, or someone falls too.
    assert alert(helper, "my phone fell out of my pocket and then I fell on my hip") == "injury"
    assert alert(helper, "a plate fell off the rack onto my hip, it's swollen") is not None
    assert alert(helper, "my rucksack fell down the bank, just a stiff bum after the walk") is None
    assert alert(helper, "his keys slipped onto the floor, my bum is sore after the walk") is None
    # As a learner says it, too.
    text = "My gym bag fall from the locker on the floor and the bottle break, bum sore"
    assert alert(helper, text) is None
    # Unless someone trips over it.
    text = "my gym bag fell and I tripped over it and crashed down, tailbone sore"
    assert alert(helper, text) == "injury"
    # A parked bike that falls over is no fall; one that falls on its rider is.
    text = "my bike fell over in the garage and snapped the hanger, I'm fine. glute stretch?"
    assert alert(helper, text) is None
    assert alert(helper, "my bike fell over onto me, my hip and bum are bruised") == "injury"
    assert alert(helper, "my bike fell over and landed on my hip, bum bruised") == "injury"
    # Somewhere it fell, or an errand, is no one.
    assert not alerting(
        helper,
        "my phone fell out of my armband while I was on my run, glutes sore",
        "my bike fell off the rack onto my car, my glutes ache from the ride",
    )
    assert alert(helper, "fingers went numb in the cold pool, warmed up straight away") is None
    # A pack or a rock that falls, said first or with "a", is no one either.
    assert not alerting(
        helper,
        "Pack fell off the bench at the trailhead and cracked my stove. Glutes the usual ache",
        "A rock fell off the ledge above us and missed us by miles. Only sore glutes lol",
        "Fingers went numb from the wind chill on the summit. Glutes a bit achy from the climb",
    )
    assert alert(helper, "a rock fell off the ledge onto my hip, it's swollen") is not None
    # A mirror or a prop that falls is no one either.
    assert alert(helper, "A mirror fell off the wall in studio 2, nobody hurt. Glutes sore") is None


def test_a_dentist_a_jab_a_pet_or_a_toddler_is_no_symptom(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "Dad's lip is still numb from the injection at the dentist, his bum aches from the walk",
        "is it ok to go to aqua aerobics on the same day as my flu jab?",
        "Mum's more worried about the cat, who has a bladder problem, than her sore behind",
        "my old dog hasn't been able to control his wee lately, vet says it's just age",
        "my toddler can't always tell when he needs a wee yet, potty training is hard work",
    )
    # One's own beside a baby, a toddler or a dog, or a teenager's, still alerts.
    for text in (
        "my daughter (14) hasnt been able to control her wee since her ballet intensive",
        "since the baby I can't control my wee when I run, bum sore",
        "chasing my toddler, since then I can't hold my wee, bum sore",
        "the dog pulled me over and now I can't control my bladder",
    ):
        assert alert(helper, text) == "bladder-bowel", text


def test_a_time_alone_opening_the_message_sets_the_next_clauses_time(helper: Assistant) -> None:
    text = "Years ago (2015) I had sciatica down my leg but it cleared up completely with physio."
    assert alert(helper, text) is None
    # Not a time said after something else, nor one before what is recent.
    for text, expected in (
        (
            "I had a back op, years ago, and last night I wet myself but I am fine now",
            "bladder-bowel",
        ),
        ("Years ago (2015). Last night I wet myself but I am fine now", "bladder-bowel"),
    ):
        assert alert(helper, text) == expected, text


def test_a_weight_run_into_its_unit_reads_as_the_number_and_the_unit(helper: Assistant) -> None:
    text = "sore bum, but I've dropped about 8kg without trying, not dieting at all"
    assert alert(helper, text) == "other-warning-signs"
    for text in ("I have dropped 3kgs without trying", "dropped 10lb without trying, sore bum"):
        assert alert(helper, text) == "other-warning-signs", text
    assert alert(helper, "I've shed 10 pounds without trying") == "other-warning-signs"
    # A weight lifted is no weight lost.
    assert alert(helper, "I can squat 60kg without trying hard now, glutes ache after") is None


def test_a_quoted_trigger_word_hides_words_read_as_it(helper: Assistant) -> None:
    # 'can't "lift" ... foot properly': a foot that will not lift, not a deadlift or a weight.
    assert alert(helper, "Mum can't lift her right foot properly since aqua aerobics") == (
        "leg-weakness"
    )
    assert alert(helper, "I can't deadlift without my foot placed properly") is None
    assert alert(helper, "In lunges I can't put weight on my front foot properly") is None


def test_a_mind_gone_numb_or_a_fever_of_excitement_is_a_figure_of_speech(
    helper: Assistant,
) -> None:
    assert not alerting(
        helper,
        "after the HIIT my whole brain goes numb lol, bum is just sore",
        "a fever of excitement before our show, how do I warm up my glutes",
        "im numb to losing at this point lol, bum a bit stiff from the game",
    )
    # A real symptom beside one still alerts.
    assert alert(helper, "my mind went numb with nerves and now my groin has gone numb") == (
        "numbness"
    )


def test_a_dancer_dropped_on_her_bum_is_hurt_but_not_one_who_sits_down_on_purpose(
    helper: Assistant,
) -> None:
    text = "my partner dropped me coming out of a lift and I came down on my bum, it still hurts"
    assert alert(helper, text) == "injury"
    text = "there's a seat drop where I came down on my bum on purpose, how do I strengthen it"
    assert alert(helper, text) is None


def test_a_saturday_night_fever_class_is_a_dance_not_a_fever(helper: Assistant) -> None:
    assert alert(helper, "saturday night fever dance workout, glutes ache after") is None
    assert alert(helper, "glute pain spreading to back of knee") == "radiating-pain"


def test_a_fever_dream_of_a_swim_is_a_figure_of_speech(helper: Assistant) -> None:
    assert alert(helper, "the swim felt like a fever dream, glutes sore now") is None
    assert alert(helper, "That workout was a total fever dream honestly. Bum sore") is None
    assert alert(helper, "I keep having fever dreams, running hot, and my bum aches") == "fever"


def test_a_symptom_long_past_still_is_no_question(helper: Assistant) -> None:
    # Its words are still a symptom's, left out of matching: "sciatica" is no other subject.
    reply = helper.reply(
        "I had sciatica years ago but it cleared up. Why do my glutes hurt after squats?"
    )
    assert reply.alert is None and reply.result.status == "answered"


def test_no_synonym_phrase_swallows_a_word_a_trigger_needs(helper: Assistant) -> None:
    # "feels like" reads as symptom: "like someone else's" alone would never see its "like".
    assert alert(helper, "my glute feels like someone else's") == "numbness"
    # Triggers read messages through the synonyms: a phrase such as "straight into" would
    # take the "into" of "into my calf"; "my behind" keeps its "my" for "fell on my".
    assert helper.matcher.analyzer.canonical("my behind") == ["my", "buttock"]
    assert alert(helper, "i fell on my behind") == "injury"
    assert alert(helper, "felt a twang in my behind on the last rep") == "injury"
    assert alert(helper, "smashed my behind on the bench during box jumps") == "injury"
    assert alert(helper, "fell on my seat at the skatepark and it really hurts") == "injury"
    assert alert(helper, "the pain goes right into my calf") == "radiating-pain"
    assert alert(helper, "butt pain shooting straight into my foot") == "radiating-pain"
    # "worst case" reads as bad (how bad can it get), so "worst pain" needs another way in.
    assert alert(helper, "worst case pain i have ever had in my glute") == "severe-pain"
    assert alert(helper, "the least pain i have ever had after leg day") is None
    # "drags on" would read as how long, "sitting still" as at rest (both tried, review).
    assert alert(helper, "my left foot drags on the floor when i walk") == "leg-weakness"
    assert alert(helper, "pulled it 3 weeks ago and sitting still hurts") == "persistent-pain"


def test_misspelt_red_flags_still_alert(helper: Assistant) -> None:
    # Words of other subjects ("head", "calf", "pec", "wrist", "abs") once won such typos
    # (review): a red flag's word is repaired to it.
    for text, rule in (
        ("my leg feels wead", "leg-weakness"),
        ("i cant walf after squats", "severe-pain"),
        ("i peec myself", "bladder-bowel"),
        ("the wirst pain ever in my butt", "severe-pain"),
        ("there's an abses near my bum crack", "fever"),
    ):
        assert alert(helper, text) == rule, text


def test_the_most_serious_rule_wins(helper: Assistant) -> None:
    assert alert(helper, "pain shooting down my leg and i wet myself") == "bladder-bowel"


def test_negated_symptoms_do_not_alert(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "no numbness, just sore glutes",
        "without any tingling or weakness",
        "it doesn't shoot down my leg",
        "my leg isn't weak and doesn't give way",
        "no problems with my bladder or bowels",
    )


def test_everyday_gym_talk_near_a_trigger_does_not_alert(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "been lifting for 3 months now and my glutes are sore after leg day",
        "i've never gone to a physio, should i for sore glutes",
        "i never fully warm up, is that why my butt hurts",
        "drive through your heels in squats, push to the heel, my glutes hurt",
        "my glutes are so sore i could cry lol",
        "my legs feel dead after leg day",
        "i can't sit still on rest days, is light cardio ok",
        "i tackled leg day yesterday and my glutes hurt",
        "i can't think of a good glute stretch",
        "i have no strength left after leg day",
        "alternate hot and cold therapy for sore glutes?",
        "after running hot and cold showers, good for sore glutes?",
        "my skin is fine but my legs feel dead after squats",
        "not able to hold my plank as long since I had a poo break",
        "I squeeze the muscle rub tube but hardly anything comes out",
        "in lunges I can't put weight on my front foot without wobbling",
        "is it true that painkillers don't work on muscle soreness?",
        "I've been running for a month now and my glutes are sore after each run",
        "my leg won't stretch as far as the other",
        "after dribbling drills in basketball my glutes hurt",
        "i only do drop sets and my bum is sore",
        "my alarm woke me up at 5 for leg day",
        "what body temperature is best for stretching",
        "i barely feel my glutes when i squat",
        "im on a crash diet and my glutes are sore",
        "landed on my feet after box jumps, glutes sore now",
        "my squat form is getting worse, could that make my butt hurt",
        "my deadlift is not improving and my glutes ache",
        "my glute sticks out more on one side, is that an imbalance",
        "knife-edge balance on single leg rdl, glutes sore",
        "i crashed on the sofa after leg day and my butt hurts",
        "i have a dent in my glute muscle, is that normal",
        "my glutes feel fuzzy after a massage gun",
        "may i still train legs with sore glutes",
        "i woke up from a nap and my glutes were still sore",
        "glutes burning, temperature in the gym was 38 degrees",
        "drive through your heels, push down to the heel, glutes burning",
        "doms always feels worse every second day",
        "it's hard to start running again after a break, glutes sore",
        "didn't make it to the gym today, glutes still sore",
        "i was thrown off balance on the bosu ball, glutes sore",
        "can't catch my breath and can barely touch my toes after leg day",
        "waking up at 5 to train and sweat it out",
        "did squats without realising my form was off",
        "sitting on a stool hurts my sore glutes",
        "my butt cheeks feel like they've been hit by a truck after my first barre class",
        "i tried every position for hip thrusts, glutes sore",
        "i barely feel it in my glutes when i squat",
        "my glutes are burning up after squats",
        "i started travelling for work and can't train",
        "my glutes keep getting bigger",
        "that leg day was 10 out of 10, glutes sore",
        "i borrowed someone else's shoes and my glutes hurt",
        "leg day made me cry lol, how long will my glutes be sore",
        "i travelled to a competition and my glutes are sore",
        "still doing squats after 3 weeks off?",
        "I don't feel a thing in my glutes when I do hip thrusts",
        "in lunges I lower down to my knee and my glute hurts, why?",
        "the foam roller digs into my thigh, is that ok?",
        "I foam roll all the way down my leg, good for glutes?",
        "my motivation has been hot and cold lately",
        "she's burning up calories on the stairmaster",
        "pigeon pose with my front leg bent and arms folded, is that right?",
        "so sore after leg day I can't get out of bed lol",
        "something tore in my leggings during squats lol",
        "booty bump has grown since I started hip thrusts",
        "I can't feel my glutes working in hip thrusts, what am I doing wrong?",
        "my legs gave out on the last set of squats, is that just fatigue?",
        "my glutes look like a lump, how do i make them bigger?",
        "I wear thick gloves for deadlifts",
        "bear crawls up the stairs destroyed my glutes",
        "can't lift my foot onto the box for step ups, glutes too tired",
        "black leggings that don't go see-through when squatting?",
        "i went flying on the rowing machine lol, so much fun",
        "how do I roll the foam roller so it goes down my leg?",
        "that class was like electricity, so energising",
        "can't put weight on the bar yet, only the empty bar",
        "my grip strength is still no better after months of deadlifts",
        "I do not feel like a shower after the gym",
        "oozing confidence after my PR",
        "I've been pain free since last year, now my glute hurts after squats",
        "lightning fast leg day today",
        "I missed the last step of my warm-up, does it matter?",
        "haven't managed to poo before my long run, any tips?",
    )


def test_a_negation_does_not_reach_past_a_clause(helper: Assistant) -> None:
    assert alert(helper, "no fever, but my groin is numb") == "numbness"
    # A side note is no "not".
    assert alert(helper, "side note my groin feels like cotton wool") == "numbness"


def test_a_negation_reaches_only_its_own_symptom(helper: Assistant) -> None:
    assert not alerting_other_than(
        helper,
        "numbness",
        # Not knowing is no denial.
        "I don't know why my foot is tingling",
        "I don't know if my foot is numb or just cold",
        "not sure if it's numbness or just tired legs",
        # A denied mention does not hide a later real one, nor one after "and".
        "No numbness yesterday but today my foot is numb",
        "Nothing helps and my foot is tingling all the time",
        # What cannot stop goes on.
        "my foot won't stop tingling since squats",
    )
    assert alert(helper, "since my back twinged at the gym I can't stop wetting myself") == (
        "bladder-bowel"
    )
    # Avoiding or preventing a symptom still denies it, and so does not getting it, which the
    # synonyms read as preventing; not getting to the toilet in time is a red flag still.
    assert alert(helper, "I don't need tips to avoid numbness, just about sore glutes") is None
    for denied in ("I did not get any numbness after squats", "i dont get tingling, just sore"):
        assert alert(helper, denied) is None, denied
    assert alert(helper, "he hasn't got any feeling in his left foot") == "numbness"
    assert alert(helper, "I didn't get to the toilet in time and wet myself") == "bladder-bowel"
    assert alert(helper, "no tingling or anything, just sore") is None


def test_pain_said_in_jest_raises_nothing_where_the_message_laughs(helper: Assistant) -> None:
    assert alert(helper, "my mum can barely walk to the kitchen, her bum hurts that much") == (
        "severe-pain"
    )
    assert alert(helper, "glutes so bad I had to crawl to the toilet") == "severe-pain"
    for laughing in ("lol", "lolol", "hahaha", "ahahaha", "ha ha", "LMAOOO", "xD", "\U0001f602"):
        assert alert(helper, f"could barely walk after leg day {laughing}") is None
        assert alert(helper, f"had to crawl to the loo after squats {laughing}") is None
        assert alert(helper, f"cant walk {laughing} coach made us do 100 lunges") is None
    assert alert(helper, "he can't walk since practice, his bum pain is terrible") == "severe-pain"
    # Saying it is no joke is no laugh; nor is a word that only starts like one.
    assert alert(helper, "my mum can barely walk since her fall, not jk") == "severe-pain"
    assert alert(helper, "could barely walk to the lolly shop") == "severe-pain"
    # Only the triggers also said in jest: a laugh hides no other red flag.
    assert alert(helper, "lol my groin is numb since squats") == "numbness"
    assert alert(helper, "the pain is unbearable haha") == "severe-pain"
    assert alert(helper, "my mum can't get to the toilet without help lol") == "severe-pain"


def test_a_feeling_is_not_read_as_the_bodys_symptom(helper: Assistant) -> None:
    for feeling in (
        "feeling kinda numb about missing the cut off tbh",
        "still emotionally numb after that race, glutes sore too",
        "I am numb from boredom at work and my glutes hurt from spinning",
        "i got chills when we won the championship, also my butt hurts from the sprints",
        "I've gone numb to motivation lately, any tips when my glutes are always a bit sore?",
        "got chills hearing the crowd at the finish, so inspiring",
        "I nearly wet myself laughing at my trainer when he split his shorts",
        "Laughed so hard I nearly peed myself at spin class, glutes sore now",
    ):
        assert alert(helper, feeling) is None, feeling
    # The body's own still alert: how long or where it is numb, chills while watching or
    # reading, what gave someone chills.
    for body, rule in (
        ("my bum has gone numb since squats", "numbness"),
        ("my foot has been numb about a week now", "numbness"),
        ("numb about 3 inches down from my hip since deadlifts", "numbness"),
        ("my leg has gone numb over the last two days", "numbness"),
        ("my bum is numb inside the cheek after cycling", "numbness"),
        ("sore glutes and I've got chills and a headache", "fever"),
        ("I've had the chills watching TV all evening, sore bum from the gym", "fever"),
        ("the infection gave me chills and sweats, sore bum", "fever"),
        ("I wet myself laughing and didn't even notice, sore bum since deadlifts", "bladder-bowel"),
    ):
        assert alert(helper, body) == rule, body


def test_a_quoted_trigger_word_must_stand_as_written(helper: Assistant) -> None:
    # '"leg" gives out on him': one leg gives way, not tired legs at the end of a sprint.
    assert alert(helper, "my dad's right leg just gives out on him now") == "leg-weakness"
    assert alert(helper, "his legs give out on him on the last hill sprint") is None
    # Only other forms of a trigger's own quoted words are hidden from it: quoting "no"
    # elsewhere hides no "not" that cancels this one.
    rules = (
        SafetyRule("weak", "See a doctor.", ('"leg" gives out on him',)),
        SafetyRule("numb", "See a doctor.", ('"no" feeling in my toes',)),
    )
    check = SafetyCheck(rules, helper.matcher.analyzer.canonical)
    assert check.check("his leg gives out on him").rule == rules[0]
    assert check.check("his leg does not give out on him, he is fine").rule is None


def test_tingling_with_excitement_or_nerves_is_a_feeling_not_a_symptom(helper: Assistant) -> None:
    assert not alerting(
        helper,
        "new PB and I'm absolutely buzzing, tingling all over with excitement haha",
        "tingly with nerves on the start line, glutes a bit tight from yesterday",
    )
    assert not alerting_other_than(
        helper, "numbness", "tingling all over my bum cheek since squats, with a numb patch"
    )


def test_feeling_or_walking_that_could_not_be_done_reads_as_what_cannot(helper: Assistant) -> None:
    assert not alerting_other_than(
        helper,
        "numbness",
        "sitting on the loo after my run I couldn't really feel the toilet seat under me",
        "she pinched her bum cheek and could not feel anything",
    )
    assert not alerting_other_than(
        helper,
        "severe-pain",
        "our striker's glute pain was that bad he couldnt walk off the pitch",
        "agony in my backside since the squat challenge, couldn't walk to the car this morning",
        "my glute pain was so bad after the match I couldn't walk by myself",
    )
    # Only feeling and walking: what "couldn't control" says of a pet or a toddler is not read.
    assert not alerting(
        helper,
        "My old dog couldn't control his bladder after the vet visit, my glutes are just sore",
        "I couldn't feel more ready for race day, glutes a bit sore though",
        "Couldn't walk the dog this morning because of the rain, so I did glute bridges instead",
        "couldn't walk past the donut shop after my run, does that cancel it out?",
        "Years ago I couldn't feel my leg after a fall, fully recovered now. Sore glutes today",
    )


def test_the_most_serious_rule_alerts_whichever_stem_its_trigger_is_filed_under(
    helper: Assistant,
) -> None:
    # "numb" is needed by both triggers and "leg" by one: the second is filed under "leg",
    # the first under "numb", and still the first rule is the one to alert.
    rules = (
        SafetyRule("serious", "See a doctor now.", ("numb",)),
        SafetyRule("milder", "See a doctor.", ("numb leg",)),
    )
    check = SafetyCheck(rules, helper.matcher.analyzer.canonical)
    found = check.check("numb leg since the run")
    assert found.rule == rules[0]
    assert {"numb", "leg"} <= found.words  # both triggers' words are a symptom's
    assert check.check("my leg is fine").rule is None


def test_a_body_temperature_of_a_fever_is_a_fever_the_weathers_is_not(helper: Assistant) -> None:
    assert not alerting_other_than(
        helper,
        "fever",
        "my glute hurts a lot and I have 38.7 temperature",
        "My temp was 102 last night and my bum is swollen",
        "she has a temperature of 39 and her bottom hurts",
        "she's got 39.2 temp and her bum hurts",
        # A reading to a tenth said alone, or "got a" one, is a body's.
        "my buttock is painful and now I have hot body, 38.9 temperature and shaking",
        "my backside is swollen and I've got a 38.7 temperature",
        "last night I shot up to 39.4 temp, bum sore",
    )
    assert not alerting(
        helper,
        "The temperature was 38 degrees during the race, no wonder my glutes ache",
        "it was 38 degrees, a 40 temperature day at the track, my glutes ache",
        "the hot yoga studio keeps the room at 40.5 temperature, glutes still sore",
        "the hot yoga studio is 40.5 temperature",
        "I went running in 38.5 temperature heat, glutes ache",
        "the bath was 38.5 temperature and my glutes felt better",
        "my temperature was 36.8 so no fever, just sore glutes",
        "I have 38 days left until my race and my glutes are sore",
    )


def test_cannot_even_walk_is_severe_pain_not_an_evening_walk(helper: Assistant) -> None:
    text = "roommate cant even walk to the kitchen, her bum pain is that bad"
    assert alert(helper, text) == "severe-pain"


@pytest.mark.sweep
def test_harmless_messages_using_trigger_words_do_not_alert(helper: Assistant) -> None:
    # The reviews' probes of the trigger and synonym additions (tests/dev/safety-review.yaml).
    harmless = yaml.safe_load((DEV / "safety-review.yaml").read_text())["no_alerts"]
    assert [text for text in harmless if alert(helper, text)] == []


def test_alert_comes_first_then_the_answer(helper: Assistant) -> None:
    reply = helper.reply("been sore for three weeks, which stretches help?")
    assert reply.alert is not None and reply.alert.id == "persistent-pain"
    assert reply.result.match is not None and reply.result.match.entry.id == "which-stretches"


def test_an_alerted_message_is_matched_whole_not_as_scene_and_question(
    helper: Assistant,
) -> None:
    # Unknown words outside the sentence that asks count less, but in a red-flag message
    # they are its symptoms, and no answer may lean on the question alone.
    text = "went to get up from the sofa and my right leg just folded under me. bum pain?"
    reply = helper.reply(text)
    assert reply.alert is not None and reply.result.background == ()
    whole, as_scene = helper.matcher.match(text, alerted=True), helper.matcher.match(text)
    assert as_scene.background != () and whole.background == ()
    assert whole.candidates[0].score < as_scene.candidates[0].score


def test_a_red_flag_that_names_nothing_of_the_subject_gets_no_answer(helper: Assistant) -> None:
    # Beside sore glutes a fever is what the safety note speaks to, and the question is
    # answered; a message that says nothing of the subject but when asks about the symptom,
    # whatever word it shares with an entry ("hold" a warm-up move) or question it asks.
    beside = helper.reply("my glutes are sore and I have a fever, how long will it last")
    assert beside.alert is not None and beside.result.status == "answered"
    for text in (
        "is it normal to feel sick after a workout",
        "My right leg won't hold me up since yesterday",
        "My right leg won't hold me up since yesterday, what should I do",
    ):
        alone = helper.reply(text)
        assert alone.alert is not None and alone.result.candidates, text
        assert alone.result.candidates[0].score >= 30 and alone.result.status == "no_match"
    # A denied symptom raises no alert, and is left out wherever it stands.
    denied = helper.reply("no numbness, how long does it last?")
    assert denied.alert is None and denied.result.status == "answered"


@pytest.mark.sweep
def test_dev_set_every_red_flag_alerted(helper: Assistant, safety_set: dict[str, Any]) -> None:
    missed, stale = [], []
    for case in safety_set["alerts"]:
        expect = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
        caught = alert(helper, case["q"]) in expect
        if not caught and not case.get("known_miss"):
            missed.append(case["q"])
        # A known miss that a later trigger catches loses its mark, so the list stays true.
        if caught and case.get("known_miss"):
            stale.append(case["q"])
    assert not missed
    assert not stale


@pytest.fixture(scope="module")
def dev_alerts(sweeper: Assistant) -> tuple[list[str], int]:
    """The matcher's dev questions that alert, and how many there are: read once, not once
    a safety set, and at the eval's depth, where test_eval has replied to them already."""
    questions = [c.question for f in DEV.glob("buttock-*.yaml") for c in load_cases(f)]
    alerted = [q for q in questions if sweeper.reply(q, top=RANK_DEPTH).alert]
    return alerted, len(questions)


@pytest.mark.sweep
def test_dev_set_false_alerts_at_most_two_percent(
    helper: Assistant, safety_set: dict[str, Any], dev_alerts: tuple[list[str], int]
) -> None:
    ordinary = safety_set["no_alerts"]
    alerted, asked = dev_alerts
    false = [q for q in ordinary if alert(helper, q)] + alerted
    assert len(false) / (len(ordinary) + asked) <= 0.02, false


# How many of each set's own ordinary messages alert today, at most (accepted, not wanted):
# pooled with the dev questions above, a set's few would hardly count.
OWN_FALSE_ALERTS = {
    "safety-holdout.yaml": 1,
    "safety-fresh4.yaml": 1,
    "safety-fresh5.yaml": 2,
    "safety-fresh6.yaml": 3,
    "safety-fresh7.yaml": 1,
    "safety-fresh8.yaml": 4,
    "safety-fresh9.yaml": 2,
    "safety-fresh10.yaml": 2,
    "safety-fresh11.yaml": 2,
    "safety-fresh12.yaml": 3,
    "safety-fresh13.yaml": 2,
    "safety-fresh14.yaml": 3,
    "safety-fresh15.yaml": 1,
    # Tingling skin from a pre-workout drink, and a dance class named "Saturday Night Fever".
    "safety-fresh16.yaml": 2,
    # "pins and needles in my pride" after a long ride, a joke.
    "safety-fresh21.yaml": 1,
    # "Had a little accident with my protein shake all over the gym floor."
    "safety-fresh22.yaml": 1,
    # Figures of speech: "legs felt weak with laughter", "sweat like I had a fever", "chills
    # down my spine", "numb to my coach shouting".
    "safety-fresh25.yaml": 4,
    # A knuckle's "pop" between sets, and a "bad fall" in a video game: the brief's examples.
    "safety-fresh26.yaml": 2,
    # Figures of speech: "marathon fever", a brain "numb from boredom", and shivering at a
    # cold start line.
    "safety-fresh27.yaml": 3,
    # Figures of speech: a phone screen "numb to touch", "feverish excitement", and chills at
    # a finish line.
    "safety-fresh28.yaml": 3,
    # Figures of speech: a phone screen "gone numb", prices that "took a big fall", "Fever"
    # the song, "marathon fever" and "chills of excitement".
    "safety-fresh29.yaml": 5,
    # "Numb" the song, "gala day fever", and not sleeping for excitement before a race.
    "safety-fresh30.yaml": 3,
    # "numb with shock" at a slow time, "race fever", and a brake lever that "feels numb".
    "safety-fresh31.yaml": 3,
    # "I nearly fell off the bench laughing".
    "safety-fresh32.yaml": 1,
    # Pins and needles and a numb bottom that went within a minute, and a "snap" of glasses.
    "safety-fresh35.yaml": 3,
    # A leg asleep from gaming, pins and needles gone within a minute.
    "safety-fresh36.yaml": 1,
    # A passing symptom (shivering after a cold pool that a cuppa warmed), a dog's leg giving
    # way, and asking whether mentioning numbness shows a warning.
    "safety-fresh38.yaml": 3,
    # Asking what the numbness alert means.
    "safety-fresh39.yaml": 1,
    # Sciatica "fully gone now" before "can I start doing lunges again" (an "again" may say a
    # symptom is back), a fever two weeks ago, gone now (passed lately, so it still alerts),
    # and asking what the fever warning means.
    "safety-fresh40.yaml": 3,
    # Chills watching a marathon finish, a figure of speech.
    "safety-fresh41.yaml": 1,
    # A dog's leg that gave way.
    "safety-fresh42.yaml": 1,
    # The brief asked for these: figures of speech (a brain and a phone screen "numb"), fiction (a
    # film, a story), a nurse's patients' fevers, a fall in 1972 told as a story, a fever last year
    # before "this season I'm healthy", and "no numb feeling", which the "no feeling" trigger reads.
    "safety-fresh43.yaml": 8,
    # A "Saturday Night Fever" dance class, and numbing cream for a tattoo.
    "safety-fresh45.yaml": 2,
    # Revising the causes of foot drop, and a fever a month ago, "long gone" (not long enough
    # ago to be past).
    "safety-fresh48.yaml": 2,
    # A friend who fell off a treadmill, "she's totally fine", and a video about sciatica
    # whose watcher's soreness "doesn't go anywhere else".
    "safety-fresh51.yaml": 2,
    # Numbness a doctor ruled out ("said the feeling is totally fine").
    "safety-fresh52.yaml": 1,
    # Chills watching a marathon finish: "the chills watching TV all evening" is a fever's.
    "safety-fresh55.yaml": 1,
    # The chills of a freezing shower ("gave me the chills" may be an infection's).
    "safety-fresh56.yaml": 1,
    # A mate who "fell over" while the writer laughed, a bladder-control video "that's not me",
    # a fever last month "fully better now", a bum numb on bleachers until standing.
    "safety-fresh58.yaml": 4,
    # A "pop" that was a can of energy drink opening, a fever "last month" now "long gone".
    "safety-fresh60.yaml": 2,
    # Legs a spin class "would make give way haha", and "gone numb to" advice.
    "safety-fresh61.yaml": 2,
    # A fever "back in january ... fully better ages ago": "back in" a month may be within it.
    "safety-fresh62.yaml": 1,
    # A fever "last month but it's long gone", a "loud snap" that was a resistance band,
    # shivering in a freezing pool.
    "safety-fresh63.yaml": 3,
    # A fever "last winter that put me off training for ages, back now".
    "safety-fresh66.yaml": 1,
    # A fever "back in January but it's long gone": "back in" a month may be within it.
    "safety-fresh69.yaml": 1,
    # A bottom "numb-feeling on the turbo for a minute", a bike that "fell over in the garage", a
    # fever "about a month ago, long gone".
    "safety-fresh70.yaml": 3,
    # A fever "last term but its long gone".
    "safety-fresh71.yaml": 1,
    # A fever "back in January, long gone", the "unbearable" pain of losing a final "haha", a
    # "pop" opening a can of balls.
    "safety-fresh72.yaml": 3,
    # A backside numb on a truck bench that was "back to normal as soon as I stand up".
    "safety-fresh73.yaml": 1,
    # A patient's numb legs and urine, a fever "back in january, long gone", a resident's fall on
    # the ward, revising sciatica for an exam.
    "safety-fresh74.yaml": 4,
    # A fever "last year ... now it is finished long time", coffee spilt in "a small accident".
    "safety-fresh75.yaml": 2,
    # A son's fever "last month but now he is healthy".
    "safety-fresh76.yaml": 1,
    # A phone screen that "went numb lol", a fever "last month, totaly better now".
    "safety-fresh77.yaml": 2,
    # Padded shorts "for numb bum when cycling".
    "safety-fresh80.yaml": 1,
    # A "massive pop" that was a mate opening a bottle.
    "safety-fresh81.yaml": 1,
    # A flu "finished since last month" (not long enough ago to be past), and asking whether
    # pins and needles are a bad sign "in general", "I dont have it".
    "safety-fresh82.yaml": 2,
    # A teammate who "fell off the bench" while the writer laughed, pain down the leg asked
    # about "for health class", a body "numb" from an ice bath, warmed up since.
    "safety-fresh83.yaml": 3,
    # A film hero's fall, a horse's hot hock, a teammate's broken leg, "no weird feelings in my
    # feet" after two other denials, asking whether numbness is an emergency for a newsletter.
    "safety-fresh84.yaml": 5,
    # Asking what a numb bum means, "just curious, mine is fine".
    "safety-fresh85.yaml": 1,
    # Asking what numbness in the leg means, "I don't have it, just curious".
    "safety-fresh86.yaml": 1,
    # A flu fever "last month, all better now": within the month, not long enough ago to be past.
    "safety-fresh87.yaml": 1,
    # A fever "back in uni, never again", "numb to Dave's puns", the "worst pain ever... said
    # every runner", a fall "as a kid" told as a story.
    "safety-fresh89.yaml": 4,
    # A printer that fell off the desk, shivering because the office aircon is freezing.
    "safety-fresh90.yaml": 2,
    # "Completely numb to the scenery after five days of rain lol."
    "safety-fresh91.yaml": 1,
    # Pins and needles from sitting cross-legged, "gone within a minute".
    "safety-fresh93.yaml": 1,
}


@pytest.mark.sweep
def test_dev_set_own_false_alerts_do_not_grow(
    helper: Assistant, safety_set: dict[str, Any]
) -> None:
    false = [q for q in safety_set["no_alerts"] if alert(helper, q)]
    assert len(false) <= OWN_FALSE_ALERTS.get(safety_set["file"], 0), false


def test_small_talk_is_answered_in_the_assistants_voice(helper: Assistant) -> None:
    for text, kind in (("hi there", "greeting"), ("thanks!", "thanks"), ("bye", "goodbye")):
        talk = helper.reply(text).smalltalk
        assert talk is not None and talk.id == kind
    assert helper.reply("what can you do?").smalltalk is not None
    # Said to everyone: "everyone" alone asks whether the pain is common.
    for text, kind in (("good morning everyone", "greeting"), ("thanks all", "thanks")):
        talk = helper.reply(text).smalltalk
        assert talk is not None and talk.id == kind
    assert helper.reply("lots of people get this, or am I the odd one out?").smalltalk is None
    # "old" is in the shoes entries ("my old trainers"); asking the assistant's age is not.
    age = helper.reply("how old are yuo").smalltalk
    assert age is not None and age.id == "who-are-you"


def test_small_talk_never_hides_a_question(helper: Assistant) -> None:
    reply = helper.reply("thanks! and why do my glutes hurt after squats?")
    assert reply.smalltalk is None
    assert reply.result.candidates[0].entry.id in ("causes-overview", "poor-form")
    assert helper.reply("hi, how do i make pizza dough").result.status == "no_match"
    assert helper.reply("hi, how do i make pizza dough").smalltalk is None


def test_dev_set_small_talk(helper: Assistant, safety_set: dict[str, Any]) -> None:
    wrong = []
    if not safety_set["smalltalk"]:
        pytest.skip("this set has no small talk")
    for case in safety_set["smalltalk"]:
        talk = helper.reply(case["q"]).smalltalk
        if (talk.id if talk else "question") != case["expect"]:
            wrong.append(case["q"])
    assert len(wrong) / len(safety_set["smalltalk"]) <= 0.05, wrong


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_every_figure_of_speech_holds_a_word_that_lets_its_search_run(data: st.DataObject) -> None:
    # The search for figures of speech runs only on a message with one of these words.
    pattern = compiled(safety._MOVED, re.IGNORECASE)
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assume(pattern.search(text))
    assert safety._MOVED_WORDS.search(text), text
