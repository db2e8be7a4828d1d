"""Text normalisation: folding, contractions, chat spellings, stemming, sound keys."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.normalise import (
    CIRCUMSTANCE,
    STOPWORDS,
    asking_clauses,
    asking_sentence,
    fold,
    question_kind,
    sound_key,
    sound_keys,
    stem,
    words,
)


def test_fold_handles_case_accents_punctuation_and_width() -> None:
    assert fold("Why do my GLUTES hurt?!") == "why do my glutes hurt"
    wide = "\uff46\uff55\uff4c\uff4c"  # "full" in full-width letters
    assert fold(f"Caf\u00e9  cr\u00e8me \u2014 {wide} width") == "cafe creme full width"
    assert fold("Straße") == "strasse"


def test_contractions_and_chat_spellings_are_written_out() -> None:
    curly = "I don\u2019t know why it won't stop"
    assert words(curly) == "i do not know why it will not stop".split()
    assert words("wht shud i do, cant sleep") == "what should i do can not sleep".split()
    assert words("evry1 sore 4 2 wks") == "everyone sore 4 2 weeks".split()
    assert words("gimme tips ngl") == "give me tips honestly".split()
    assert words("squats w/o a warm up") == "squats without a warm up".split()
    # "'s" is "is" after a question word, as in "whats", or "has" before a past participle;
    # elsewhere it is left out.
    assert words("what's prehab, it's new") == "what is prehab it new".split()
    assert words("what's helped") == ["what", "has", "helped"]
    assert words("whats prehab") == words("What\u2019s prehab")
    assert words("my coach's advice") == "my coach advice".split()


def test_an_age_says_who_and_not_that_anything_is_old() -> None:
    assert words("my 12-year-old daughter") == ["my", "12", "year", "daughter"]
    assert words("a 14 yr old lad") == ["a", "14", "yr", "lad"]
    # Shoes that are five years old are old shoes.
    assert "old" in words("my trainers are 5 years old")
    assert "old" in words("I run in 5-year-old trainers")


def test_stemming_joins_word_forms() -> None:
    forms = {"stretch", "stretches", "stretching", "stretched"}
    assert {stem(w) for w in forms} == {"stretch"}
    assert stem("injuries") == stem("injury")
    assert stem("running") == stem("run")
    assert stem("aching") == stem("ache")


def test_stemming_keeps_nouns_that_look_like_another_words_forms() -> None:
    assert stem("leggings") == stem("legging") != stem("legs")
    assert stem("tights") != stem("tight")


def test_stemming_keeps_adverbs_that_mean_something_else_than_their_adjective() -> None:
    # "could hardly walk" says nothing of hard training; "lately" is no "lats" muscle.
    assert stem("hardly") != stem("hard")
    assert stem("lately") != stem("lats")
    assert stem("barely") != stem("bar")
    # Nor may two words meet that only look alike once stemmed.
    assert stem("late") != stem("lats")
    assert stem("ended") != stem("end")
    assert stem("spine") != stem("spinning")


def test_sound_key_matches_sound_alike_spellings() -> None:
    assert sound_key("buttox") == sound_key("buttocks")
    assert sound_key("sneekers") == sound_key("sneakers")
    assert sound_key("wrist") != sound_key("rest")
    # A soft c or g sounds like s or j ("masaj", "massage"); a hard one does not.
    assert sound_key("masaj") == sound_key("massage")
    assert sound_key("sirkle") == sound_key("circle")
    assert sound_key("goal") != sound_key("jole")


@given(st.lists(st.text(alphabet="abcceghikpqstxyz", min_size=1)))
def test_sound_keys_of_many_words_are_each_words_own(said: list[str]) -> None:
    # Read at once, no word's end may run into the next's start ("ss" + "s", "c" + "e").
    assert sound_keys(said) == [sound_keys([w])[0] for w in said]


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_fold_leaves_only_words_and_single_spaces(text: str) -> None:
    folded = fold(text)
    assert "  " not in folded and folded == folded.strip()
    assert all(part.isalnum() for part in folded.split())


def test_invisible_characters_do_not_split_words() -> None:
    assert fold("wh\u200by do my glu\u200dtes hurt\ufeff") == "why do my glutes hurt"


def test_question_kind_comes_from_the_opening_words() -> None:
    assert question_kind(words("How long will my glutes be sore?")) == "duration"
    assert question_kind(words("how many secs per warm-up move")) == "duration"
    assert question_kind(words("why does my bum hurt")) == "cause"
    # Asking for the point of something is asking why, whatever word follows "what is".
    assert question_kind(words("what's the point of a warm up")) == "cause"
    assert question_kind(words("what is tendinitis")) == "definition"
    assert question_kind(words("what's a dynamic warm-up")) == "definition"
    assert question_kind(words("what's causing it")) == "cause"
    # Picking a reason asks why; the best way to do a thing asks how.
    assert question_kind(words("culprits for buttock pain")) == "cause"
    assert question_kind(words("which reasons for sore glutes")) == "cause"
    assert question_kind(words("what's the best way to warm up")) == "method"
    # "What should I do" asks how, as "what can I do" does, not whether to.
    assert question_kind(words("what should i do to warm up")) == "method"
    assert question_kind(words("should i warm up")) == "advice"
    assert question_kind(words("which stretches help")) == "choice"
    assert question_kind(words("what shoes should i wear")) == "choice"
    assert question_kind(words("what sort of shoes")) == "choice"
    assert question_kind(words("what happens if i skip it")) == "consequence"
    assert question_kind(words("what's the worst it can get")) == "degree"
    assert question_kind(words("is it bad to skip stretching")) == "consequence"
    assert question_kind(words("consequences of not stretching")) == "consequence"
    assert question_kind(words("glute pain")) is None


def test_how_often_is_not_how_long_and_how_much_time_is_not_how_bad() -> None:
    for text, kind in (
        ("how many days a week should i lift", "frequency"),
        ("how often should I stretch", "frequency"),
        ("how many days will it hurt", "duration"),
        ("how much time will it take to heal", "duration"),
        ("how much days it stay", "duration"),  # learners' English
        ("how much does it hurt", "degree"),
    ):
        assert question_kind(words(text)) == kind, text


def test_a_later_phrase_decides_the_kind_when_the_opening_asks_nothing() -> None:
    assert question_kind(words("any idea how long a glute strain lasts?")) == "duration"
    assert question_kind(words("any idea why warming up helps?")) == "cause"


def test_question_kind_is_found_after_the_context_when_a_phrase_asks_it() -> None:
    assert question_kind(words("glutes hurt 3 days after squats, when will it stop")) == "duration"
    assert question_kind(words("my bum aches after the gym, why")) == "cause"
    # "what" and a thing named asks to pick one there too, as at the start.
    assert question_kind(words("new to the gym, what warm up should i do")) == "choice"
    assert question_kind(words("new to the gym, what is a warm up")) == "definition"
    # Not when it says what is not known: the question comes after.
    assert question_kind(words("not sure what muscle it is, how long will it hurt")) == "duration"
    # With nothing else asked, what is not known is the question; wondering asks it.
    assert question_kind(words("no clue what stretches to do after leg day")) == "choice"
    assert question_kind(words("wondering what exercises to do to warm up")) == "choice"
    # A lone "can" or "is" later on asks nothing: "it is" is no yes-no question.
    assert question_kind(words("my glutes hurt and it is annoying")) is None


def test_a_thing_named_then_what_it_is_for_asks_to_pick_one() -> None:
    assert question_kind(words("stretches for tight glutes")) == "choice"
    assert question_kind(words("warm up exercises for glutes")) == "choice"
    # Only when nothing else asks, only after a word that names something, and not when
    # it says how long.
    assert question_kind(words("for how long do glutes ache")) == "duration"
    assert question_kind(words("is it for real")) == "yes-no"
    assert question_kind(words("something for sore glutes")) is None
    assert question_kind(words("for legs, stretches for glutes")) == "choice"
    for duration in ("sore for 3 days", "hurts for hours", "sore for a week", "stiff for ages"):
        assert question_kind(words(duration)) is None, duration
        assert question_kind(tuple(words(duration))) is None, duration


def test_circumstance_words_are_stopwords_so_they_are_never_terms() -> None:
    assert CIRCUMSTANCE <= STOPWORDS


def test_in_one_sentence_a_question_first_is_what_asks_and_a_remark_after_it_is_not() -> None:
    said = "what is the point of warming up, honestly, I just want to lift"
    assert asking_clauses(said) == "what is the point of warming up,"
    assert asking_clauses("what do I do to warm up, and how long should each take?") is None
    # A remark first often names what is asked about; a negated opener asks nothing.
    assert asking_clauses("renamed my branch, how do I update the remote") is None
    assert asking_clauses("can't push, the remote has changes") is None
    assert asking_clauses("why does my bum hurt") is None


def test_what_asks_is_every_question_of_several_sentences_else_the_last() -> None:
    assert asking_sentence("why does my bum hurt?") is None
    assert asking_sentence("I'm 45. I hike. Why does it ache?") == "Why does it ache?"
    assert asking_sentence("Why does it ache? I hike a lot.") == "Why does it ache?"
    assert asking_sentence("Can massage help? I lift. Or rest?") == "Can massage help? Or rest?"
    assert asking_sentence("I hike a lot. my bum aches") == "my bum aches"
    assert asking_sentence("ran 3.5 km, bum aches") is None
    assert asking_sentence("Why does it ache?! I hike.") == "Why does it ache?!"
