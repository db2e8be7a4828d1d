"""What a question asks: its kind, and which of its sentences and clauses ask."""

from __future__ import annotations

from assistant.normalise import words
from assistant.question import asking_clauses, asking_sentence, question_kind


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
    # So does picking vague things that cause, after the context too; not picking shoes.
    assert question_kind(words("what sorts of things generally cause this")) == "cause"
    assert question_kind(words("my bum aches, which factors lead to that")) == "cause"
    assert question_kind(words("which shoes cause the least pain")) == "choice"
    assert question_kind(words("what kind of things can make your bum sore")) == "cause"
    assert question_kind(words("what things should i do to warm up")) == "advice"
    assert question_kind(words("what things help make my sore bum less sore")) != "cause"
    assert question_kind(words("what's the best way to warm up")) == "method"
    # "What should I do" asks how, as "what can I do" does, not whether to.
    assert question_kind(words("what should i do to warm up")) == "method"
    # Whoever is to do it, and however hedged.
    assert question_kind(words("what should my son do as a warm up")) == "method"
    assert question_kind(words("new here, what can I actually do to warm up")) == "method"
    assert question_kind(words("what does a warm up do")) == "definition"
    # Not another clause's "do", nor what not to do.
    assert question_kind(words("what can cause pain when i do lunges")) is None
    assert question_kind(words("what would it mean if i don't stretch")) is None
    assert question_kind(words("what should i not do after a workout")) != "method"
    assert question_kind(words("what shouldn't i do after squats")) != "method"
    assert question_kind(words("what should i do not to get sore")) == "method"
    assert question_kind(words("should i warm up")) == "advice"
    # Asked for someone else: "my son never stretches, should he be?"
    assert question_kind(words("my son never stretches, should he be")) == "advice"
    assert question_kind(words("should we stretch when she finishes")) == "advice"
    assert question_kind(words("which stretches help")) == "choice"
    assert question_kind(words("what shoes should i wear")) == "choice"
    assert question_kind(words("what sort of shoes")) == "choice"
    assert question_kind(words("please tell me some stretches for the glutes")) == "choice"
    assert question_kind(words("what happens if i skip it")) == "consequence"
    assert question_kind(words("what's the worst it can get")) == "degree"
    assert question_kind(words("is it bad to skip stretching")) == "consequence"
    assert question_kind(words("consequences of not stretching")) == "consequence"
    assert question_kind(words("glute pain")) is None


def test_any_opens_a_pick_unless_a_longer_opening_asks_otherwise() -> None:
    assert question_kind(words("any stretches I can do for my bum after a walk?")) == "choice"
    assert question_kind(words("any point stretching after a run?")) == "advice"
    assert question_kind(words("any idea why my glutes hurt")) == "cause"


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


def test_how_and_a_word_of_how_much_it_hurts_asks_how_bad() -> None:
    for text in (
        "how strong can the pain get",
        "how uncomfortable can this soreness get",
        "how serious can glute pain get",
        "son's bum aches, how worried should I be",
    ):
        assert question_kind(words(text)) == "degree", text


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
    # A request to suggest, after an introduction.
    assert question_kind(words("beginner here, suggest a few warm-up moves")) == "choice"
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


def test_what_a_thing_is_for_asks_why_one_does_it() -> None:
    for question in ("what is warming up for?", "Warm up is for what?", "what's a foam roller for"):
        assert question_kind(words(question)) == "cause", question
        # The matcher reads words as a tuple.
        assert question_kind(tuple(words(question))) == "cause", question
    assert question_kind(words("what is prehab")) == "definition"
    # Not the end of a longer message, nor another kind of question that ends so.
    assert question_kind(words("what is a warm up? I have a marathon to train for")) != "cause"
    assert question_kind(words("how long should i rest and for what")) == "duration"


def test_in_one_sentence_a_question_first_is_what_asks_and_a_remark_after_it_is_not() -> None:
    said = "what is the point of warming up, honestly, I just want to lift"
    assert asking_clauses(said) == "what is the point of warming up,"
    assert asking_clauses("what do I do to warm up, and how long should each take?") is None
    # A remark first often names what is asked about; a negated opener asks nothing.
    assert asking_clauses("renamed my branch, how do I update the remote") is None
    assert asking_clauses("can't push, the remote has changes") is None
    assert asking_clauses("why does my bum hurt") is None
    # A clause that wonders asks as well ("wondering when this ends"), so neither is a remark.
    assert asking_clauses("did squats and my bum still hurts, wondering when this ends") is None
    assert asking_clauses("did squats, my bum aches, just curious if that's normal") is None
    assert asking_clauses("why does it ache, I wonder") == "why does it ache,"


def test_what_asks_is_every_question_of_several_sentences_else_the_last() -> None:
    assert asking_sentence("why does my bum hurt?") is None
    assert asking_sentence("I'm 45. I hike. Why does it ache?") == "Why does it ache?"
    assert asking_sentence("Why does it ache? I hike a lot.") == "Why does it ache?"
    assert asking_sentence("Can massage help? I lift. Or rest?") == "Can massage help? Or rest?"
    assert asking_sentence("I hike a lot. my bum aches") == "my bum aches"
    assert asking_sentence("ran 3.5 km, bum aches") is None
    assert asking_sentence("Why does it ache?! I hike.") == "Why does it ache?!"
