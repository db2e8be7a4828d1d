"""Red-flag symptoms that need a doctor: rules are data (faq/safety.yaml), checked first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any, NamedTuple

from assistant.model import SafetyRule
from assistant.normalise import NEGATION_STEMS, compiled, stem
from assistant.phrases import Reader, clauses, find_in_order

# How many words after a negation ("no", "without", "doesn't") it still cancels; it
# never reaches past the end of a clause.
NEGATION_REACH = 6
# How many words (besides "any", "or" and the like) may stand between "without" and a symptom
# it still cancels.
WITHOUT_REACH = 2
# How many words before a "without" a denial still undoes it ("unable to stand on my left leg
# without it collapsing").
DENIAL_REACH = 8
# Marks the end of a clause among a message's stems (no stem has punctuation in it).
CLAUSE = "|"
# Words allowed between a trigger's words: within a run, and for each "..." between them.
NEAR = 1
FAR = 8
# A trigger's stems, each with how many words may come before it since the last one.
Pattern = list[tuple[str, int]]


def _later(source: str) -> re.Pattern[str]:
    """One of the patterns below that most messages never need (they need a number, a week, a
    time long past or a figure of speech's word), compiled on first use."""
    return compiled(source, re.IGNORECASE)


# A trigger word in quotes must stand in the message as written.
_QUOTED = re.compile(r'"([^"]+)"')
_DIGIT = re.compile(r"\d")
_WEEK = re.compile(r"week|fortnight", re.IGNORECASE)
_DAYS_SAID = re.compile(r"days", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# A message that laughs ("lol", "haha", "😂"), anywhere, says its "I can barely walk" in jest;
# "not jk" says it does not.
_LAUGHING = re.compile(
    r"\b(?:b?a?(?:ha){2,}h*a*|ha(?: ha)+|(?:he){2,}h?|lo+l+(?:o+l+)*z?|lmf?a+o+|rofl(?:mao)?|"
    r"xd+|(?<!\bno )(?<!\bnot )jk)\b"
    r"|[\U0001F602\U0001F923\U0001F605\U0001F606\U0001F639\U0001F972]",
    re.IGNORECASE,
)
# A count of days of two weeks or more ("DOMS for 20 days") says weeks, as the rules do;
# not a count of training days ("30 days into my squat challenge", "15 days in a row",
# "30 days of yoga"). "20 days straight" and "21 days running" are weeks of pain.
# Counts in words too, from fourteen ("sore since fourteen days", "twenty one days").
_DAY_COUNT_WORDS = (
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety"
).split()
_DAYS = (
    r"\b(\d+|(?:" + "|".join(_DAY_COUNT_WORDS) + r")(?:[ -](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?) ?days\b(?! (?:into|in a row|of|streak|challenge)\b)"
)
_WEEKS_OF_DAYS = 14
# A body's temperature of a fever, in Celsius or Fahrenheit ("I have 38.7 temperature", "his
# temp was 102", "has a temperature of 39"), reads as a fever; the weather's or a bath's ("the
# temperature was 38 degrees", "my bath temperature is 39") does not.
_FEVER_DEGREES = r"(?:3[89]|4[01]|10[0-4])"
_FEVERISH = r"(?:like |about |around |over |nearly )?" + _FEVER_DEGREES + r"(?:[.,]\d)?\b"
_AS_TEMPERATURE = r" ?(?:°|degrees?)? ?[cf]?\b ?(?:temp|temperature|fever)\b"
_BODY_HEAT = (
    r"\b(?:(?:i|he|she|they|we|you)(?:['\u2019](?:ve|s)| have| has| had)?(?: got)?|has|had|have) "
    r"(?:(?:a )?(?:temp|temperature|fever) (?:of )?"
    + _FEVERISH
    + r"|"
    + _FEVERISH
    + _AS_TEMPERATURE
    + r")"
    r"|\b(?:my|his|her|their|our|your) (?:body )?(?:temp|temperature) "
    r"(?:is |was |of |at |hit |reached |went up to )?"
    + _FEVERISH
    # A reading to a tenth, as a thermometer gives, said alone after a comma or "and" ("hot and
    # shaking, 38.9 temperature"): a room, a bath or a day is said "is" or "a" one.
    + r"|(?:^|[,;:]|\band|\bwith|\bnow|\bam at|\bis at|\bup to|\b(?:got|have|has|had) a) ?"
    + _FEVER_DEGREES
    + r"[.,]\d"
    + _AS_TEMPERATURE
)
# A fortnight is two weeks; "every fortnight", "twice a fortnight" say how often instead.
_FORTNIGHT = (
    r"(?<!every )(?<!each )(?<!per )(?<!other )(?<!once a )(?<!twice a )(?<!times a )"
    r"\bfortnights?\b"
)
# How often, not for how long: "3 times a week, still sore" is no pain of weeks.
_PER_WEEK = (
    r"\b(?:\d+ ?(?:times|x|days)?|once|twice|(?:one|two|three|four|five|six|seven) "
    r"(?:times|days)) (?:a|per) week\b|\bper week\b"
)
# Which week, not for how long: a plan's first weeks ("week 2 of my program, still sore
# after every session") and this or last week ("started the gym last week, still sore", "a
# week ago") are no pain of weeks. From a plan's third week on they may be ("in week 6 of
# physio and it still hurts"), as "it's week 4" is, and so is a week that lasts ("for the
# last week", "since last week", "all of this week", "the past week", "last week now").
_LASTS_BEFORE = "".join(
    f"(?<!{w} )" for w in ("for the", "over the", "in the", "all", "since", "of", "this")
)
_WHICH_WEEK = (
    r"\b(?:(?:on|in) week [12]|week [12] of|"
    + _LASTS_BEFORE
    + r"(?:(?:this|last|this past) week(?!s)|(?:a|one) week ago)(?! (?:now|straight|solid)))\b"
)
# "Week" and "weeks" read alike (synonyms.yaml), yet one week is no pain of weeks ("sore for
# a week", "still aching a week after"): the article says soreness may last from a day to
# several weeks. More than a week ("over a week", "at least a week", "a week or two", "a
# week+") may be.
_ONE_WEEK = (
    r"(?<!over )(?<!than )(?<!least )\b(?:a|one|1) ?week\b"
    r"(?! ?(?:or (?:two|2|more|so|longer)|and a half|plus|\+))"
)
# A clause that says a symptom was long ago ("I had sciatica years ago", "months ago", "ages
# ago", "last winter"), where it or the clause after it says the symptom has passed ("but it
# cleared up", "totally sorted", "fully better"; not what is hoped for: "until I'm fully
# better") or bears on nothing now ("totally unrelated"; not "unrelated to any diet", nor an
# "unrelated question"), raises nothing today; a symptom that passed lately still does ("I wet
# myself yesterday, it's fine now", "a month ago but it went away"), and so does one that never
# passed, is back, is still there or stayed, or has lasted since then ("since last year", "for
# the last year", "numb ever since I fell"), or is met again ("the same has happened", "it's
# getting bigger"); "used to be fine but it went" says what was lost, and "I'm used to
# deadlifts" says no time at all. Said of how one is now ("fine ever since", "fine
# again") or of oneself ("when I came back from a break"), again, back and since say nothing
# lasts; "fine ever since until yesterday" does. A clause of nothing but a time long past that
# opens the message ("Years ago (2015) I had ...") sets the time of the clause after it, unless
# that one says it is recent.
_SINCE = "".join(f"(?<!{w} )" for w in ("since", "for the", "over the", "in the", "all"))
_LONG_AGO = re.compile(
    r"\b(?:years? ago|a year ago|"
    r"(?:(?:two|three|four|five|six|several|a few|a couple of|many|\d+) )?months ago|"
    + _SINCE
    + r"(?:ages ago|last (?:year|winter|spring|summer|autumn|season))|"
    r"(?:many|a few|a couple of) years|(?<!\bam )(?<!['\u2019]m )(?<!\bget )(?<!\bgetting )"
    r"(?<!\bgot )(?<!\bbe )(?<!\bnot )used to|(?:a )?decades? ago|(?<!not )long ago|"
    r"as a (?:kid|child|teen|teenager)|in (?:19|20)\d\d|"
    r"back in (?:uni|university|college|school|high school|the day)|"
    r"when i was (?:younger|pregnant|a kid|a child))\b",
    re.IGNORECASE,
)
_RESOLVED = (
    r"\b(?:cleared up|cleared|went away|gone away|(?:completely|fully|long) gone|gone now|"
    r"gone (?:ever )?since|"
    r"cured|now (?:only|just) (?:a |the )?(?:normal |muscle |bit of )?"
    r"(?:sore|ache|aching|pain|doms)|"
    r"sorted (?:it |that |this |them |it all |everything )?out|recovered|healed|resolved|"
    r"(?:totally|completely|fully|all) sorted|"
    r"sorted (?:it |that |this |them )?(?:ages|years|months|long) ago|"
    r"(?:fully|completely|all) better|"
    r"(?:fully|completely|totally) strong|(?:it|that|they) went (?:completely|for good)|"
    r"(?<!how )(?:it|that|they) (?:just |eventually |finally )?went"
    r"(?=\s*(?:[,.;!]|$|eventually|by itself|on its own|after|with|when))|"
    r"long sorted|sorted for (?:years|months|ages)|fixed (?:it|that|them|the problem)|removed|"
    r"(?:it|that|they)(?:['\u2019]s| is| has| had) gone(?=\s*(?:[,.;!]|$))|"
    r"(?:fine|better) now|(?:been|felt) (?:fine|ok|okay|good) since|"
    r"no (?:issues|problems|trouble) since|"
    r"(?:hasn['\u2019]?t|has not|never) happened since|never (?:came|come) back|"
    r"(?:totally|completely|entirely|probably) unrelated(?! (?:question|note|to)))\b"
)
# What went or never came back when it was lost, not when it passed.
_POWER = r"\b(?:control|feeling|strength|sensation|power|grip|balance)\b"
_YEAR = r"\b(?:19|20)\d\d\b"
_CANCER = re.compile(r"\bcancer", re.IGNORECASE)
_RECENT = (
    r"\b(?:today|tonight|yesterday|now|recently|lately|since|last (?:night|week)|"
    r"this (?:morning|afternoon|evening|week|month))\b"
)
_HOPED = (
    r"\b(?:until|till|before|once|want|wants|need|needs|hope|hoping|will|should|\w+['\u2019]ll)"
    r"(?:\s+\S+){0,3}\s*$"
)
# Taking up a sport again ("training again", "can I run again") says nothing of a symptom,
# and nor does asking whether to keep doing a thing ("should I still stretch").
_RESUMED = "".join(
    f"(?<!{w} )"
    for w in (
        "training running exercising lifting riding cycling swimming playing racing jogging "
        "walking train run ride lift swim play race jog gym out"
    ).split()
)
_UNRESOLVED = (
    r"(?:\b(?:never|not|no)|\b(?:has|have|had|did|is|was|does|do|are|wo)n['\u2019]?t)"
    r"(?:\s+\w+){0,2}\s+(?:cleared|went|gone|sorted|fixed|recovered|healed|cured|better|fine|"
    r"strong|normal)\b"
    r"|\b(?:(?<!fine )(?<!better )(?<!normal )" + _RESUMED + r"again|(?:it['\u2019]?s|is) back|"
    r"returned|(?<!should i )(?<!can i )(?<!could i )(?<!do i )(?<!shall i )still|"
    r"(?<!\bi )(?<!\bwe )(?<!never )(?<!not )(?<!n't )(?:came|comes|come|coming) back|"
    r"(?:i|we) (?:came|come) back(?! from)|"
    r"stayed|used to be (?:fine|ok|okay|normal|able|good|strong)|"
    r"the same (?:thing )?(?:has |is |was )?(?:happened|happening|happens)|"
    r"(?:found|noticed|got|have|feel|felt) the same|getting (?:bigger|worse)|"
    r"(?<!fine )(?<!better )(?<!well )(?<!ok )(?<!okay )(?<!strong )(?<!gone )ever since|"
    r"(?:until|till) (?:yesterday|today|now|recently|this|last))\b"
)
# A feeling, not the body: "numb about missing the cut-off", "emotionally numb", "numb from
# boredom" or "to motivation", "chills hearing the anthem" or "when we won", nearly wetting
# oneself laughing, a swim "like a fever dream" (not "I had a fever dream", nor "fever dreams,
# running hot"). Not numb "about a week" or "about 3 inches down", nor "chills watching" or
# "reading" ("the chills watching TV all evening"), nor what "gave me chills" (an infection
# may): those are the body's.
_MOVED = (
    r"\b(?:(?:like|was|is) a (?:total |complete |real )?fever dream|"
    r"numb about (?!(?:a|an|half|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|few|couple)\b|\d)|emotionally numb|chills (?:listening|hearing|thinking)|"
    r"numb from boredom|numb with (?:shock when|grief|sadness)|numb to (?:motivation|it all)|"
    r"chills when (?:we|i|they|you) (?:won|scored|crossed|finished|heard|saw)|"
    r"(?:brain|mind) (?:goes|went|has gone|gone|going|is|was|feels|felt) numb|"
    r"fever of excitement|saturday night fever|"
    # Laughter's idiom: "nearly wet myself laughing", "laughed so hard I nearly peed myself".
    r"(?:nearly|almost) (?:wet|peed|pee|weed|shat|pooed|pooped) myself laughing|"
    r"laughed so (?:hard|much) (?:that )?i (?:nearly|almost) (?:wet|peed|weed) myself|"
    # A cyclist's training room; a cancer scare or a charity; tears of joy.
    r"pain cave|cancer (?:scare|research|charity|awareness|screening)|"
    r"(?:family history of|famil(?:y|ies) (?:has|have|had) (?:a )?history of|"
    r"history of \w+ in (?:my|the|our) family)|"
    r"(?:in tears|crying) (?:laughing|of joy|with laughter|at the finish)|happy tears|"
    # A fall the sentence says left one fine ("fell over but got straight back up and was
    # totally fine", "he's fine!", "not hurt at all"; not "fine until this morning"), or that
    # nearly happened.
    r"(?:fell|falls|slipped|tripped)(?=[^.!?]*\b(?<!not )(?<!n't )"
    r"(?:(?:totally|completely|absolutely|perfectly) fine|"
    r"(?:i['\u2019]?m|he['\u2019]?s|she['\u2019]?s|they['\u2019]?re|was|were|is|seemed) fine|"
    r"not hurt)\b(?! (?:until|till|but|at first|then)))|"
    r"(?:nearly|almost) (?:fell|fall)(?=[^.!?]*\blaugh)|"
    # Sleep is no fall: "the dog fell asleep on my legs".
    r"(?:i|we|he|she|they|dog|cat|puppy|kitten|baby|toddler|kids?|son|daughter) "
    r"(?:fell|falls|has fallen|had fallen) asleep|"
    # The sea's swell, a swell time, a puffy coat; lumps of things; a face flushed after a run
    # and things hot to the touch.
    r"(?:the|a|big|huge|good|small|ocean|sea) swell|(?:things|all|life) (?:are|is|was) "
    r"swell|puffy (?:jacket|coat|vest|gilet)s?|"
    r"lumps? of (?:clay|coal|porcelain|butter|cake|chalk|sugar|dough|wood|metal|ice|cheese|rock|"
    r"plasticine|play ?dough|bread|muscle)|lump hammers?|"
    r"(?:face|ears|forehead|neck) (?:\w+ ){0,3}?(?:red and (?:hot|warm)|(?:hot|warm) and red)|"
    r"(?:red and (?:hot|warm)|(?:hot|warm) and red) in the face|"
    r"(?:water )?(?:pack|pad|bottle|stones?|coals?|radiator|kettle|mug|cup|sauna|bath|saddle)s? "
    r"(?:\w+ ){0,3}?(?:red and (?:hot|warm)\b(?: to (?:the )?touch)?|"
    r"(?:hot|warm) to (?:the )?touch)|"
    # No lump of the body: a sum paid at once, a throat tight with feeling, an idle person; no
    # water held in the body: a bottle or a glass one cannot hold.
    r"lump sum|lump in (?:my|his|her|your|the) throat|lazy lump|"
    r"water (?:bottle|glass|cup|jug|flask|bowl)s?|"
    # Nobody falls out of a pocket or off a shelf: a phone, keys or a ball did.
    r"(?:fell|fallen|falls|dropped|slipped) (?:out of|off) (?:my|his|her|your|the) "
    r"(?:pocket|bag|backpack|rucksack|shelf|shelves|bookshelf|bookshelves|bookcase|rack)s?"
    r"(?! (?:onto|into|on) (?:my|his|her|your|me|him)\b)|"
    r"numb to (?:losing|defeat)|numb (?:in|from) the (?:cold|wind ?chill|wind|frost|snow)|"
    # A dentist's or a nurse's doing: "numb from the injection", "the flu jab"; a pet's
    # bladder or its wee, a toddler's wee (said as theirs: "walked the dog, then couldn't pee"
    # is one's own).
    r"numb (?:from|after) (?:the |an? |my |his |her )?(?:injection|anaesthetic|anesthetic|"
    r"filling|dentist|jab|local)|flu (?:jabs?|shots?|vaccines?|vaccination)|"
    r"(?:cat|dog|puppy|kitten|pet|horse)(?:['\u2019]s|,? (?:who|that|which) (?:has|had)"
    r"(?: an?)?)? bladder|(?:cat|dog|puppy|kitten|horse) (?:[\w'\u2019]+ ){0,6}?(?:his|its) "
    r"(?:wee|pee|bladder)|toddler (?:[\w'\u2019]+ ){0,6}?(?:(?:he|she) needs? an?|his|her) "
    r"(?:wee|pee)|"
    # Feelings that tingle: "tingling all over with excitement", "tingly with nerves".
    r"tingl\w* (?:all over )?with (?:excitement|anticipation|joy|pride|nerves|adrenaline)|"
    # A bag, a phone or a parked bike that falls is no fall, unless the clause says it landed
    # on someone ("fell over on top of me", "and landed on my hip"; not "on my run") or that
    # someone tripped over it or crashed.
    r"(?:(?:my|his|her|the|our|a|an) |^)(?:gym |kit |sports |school |work |water )?"
    r"(?:rucksack|backpack|bergen|kitbag|bag|phone|bottle|pole|poles|map|hat|keys|bike|bikes|"
    r"bicycle|cat|kitten|dog|puppy|pack|rock|rocks|stone|stones|boulder|branch|tree|mirror|"
    r"picture|clock|poster|speaker|prop|block|ball) "
    r"(?:fell|falls?|dropped|drops?|slipped|slips?)"
    r"(?![^.!?;,]*\b(?:(?:onto|into|on|under|top of) (?:me|him|us)\b|landed (?:on|onto)\b|"
    r"tripped|crashed|hit (?:my|his|her)\b|"
    r"(?:onto|into|on|under) (?:my|his|her|your) (?:\w+ )?"
    r"(?:hips?|legs?|foot|feet|back|bum|butt|backside|bottom|knees?|ankles?|head|tailbone|"
    r"side|glutes?)\b)))\b"
)
# Every phrase above holds one of these: a message without any is spared the search.
_MOVED_WORDS = re.compile(
    r"fever|numb|chill|myself|lump|water|fell|fall|drop|slip|cave|cancer|history|tears|crying|"
    r"swell|puff|\bred\b|touch|tingl|\bflu\b|bladder|\bwee\b|\bpee\b",
    re.IGNORECASE,
)
# "its" for "it's" is the commonest slip ("its bigger every week"); a possessive "its" starts
# no trigger. Not a trigger's own spelling: typo repair would learn it as a word.
_ITS = re.compile(r"\bits\b", re.IGNORECASE)
# Not getting a symptom denies it, though the synonyms read "not get" as preventing: "I didn't
# get any tingling" is "I had no tingling". Not "didn't get to the toilet in time".
_NOT_GOT = re.compile(
    r"\b(?:did ?not|didn['\u2019]?t|do ?not|don['\u2019]?t|does ?not|doesn['\u2019]?t|never|"
    r"have ?not|haven['\u2019]?t|has ?not|hasn['\u2019]?t) (?:get|got|gotten)\b(?! to\b)",
    re.IGNORECASE,
)
# What cannot stop goes on: "I can't stop wetting myself", "it won't stop tingling".
_GOES_ON = re.compile(
    r"\b(?:can['\u2019]?t|cannot|won['\u2019]?t|couldn['\u2019]?t|wouldn['\u2019]?t) stop\b",
    re.IGNORECASE,
)
# Not feeling or walking that was is read as what is, as the rules spell it: "I couldn't feel
# the toilet seat", "he couldn't walk" (a symptom long past is set aside by its time words).
# Not what "couldn't control" says: a pet's or a toddler's bladder, one's laughter, a mower;
# nor walking the dog or past the bakery (but walking by oneself is).
_COULD_NOT = re.compile(
    r"\b(?:couldn['\u2019]?t|could not)(?= (?:\w+ )?(?:feel|walk)\b"
    r"(?! (?:the|my|our|his|her) (?:dogs?|pup|puppy)\b| past\b"
    r"| by\b(?! (?:myself|himself|herself|themselves)\b)))",
    re.IGNORECASE,
)
# A weight with its unit run together ("dropped 8kg", "10lb") reads as the number and the unit,
# as the rules spell it.
_WEIGHT = r"\b(\d+(?:[.,]\d+)?) ?(kgs?|kilos?|lbs?|pounds|stone)\b"
_UNITS = {"kgs": "kg", "kilo": "kilos", "lb": "lbs"}
# Missing a class says nothing of a symptom after it ("missed training, and my leg is numb").
_NEGATION_STEMS = NEGATION_STEMS - {stem("miss")} | {
    stem(w) for w in ("nothing", "none", "neither", "nor")
}
_WITHOUT = stem("without")
# Words that deny ("not", "never", "can't", "unable", "impossible"), which a "without" after
# them undoes; not skipping or lacking a thing ("skipped the warm-up without any numbness").
_DENIALS = _NEGATION_STEMS - {_WITHOUT, stem("skip"), stem("lack")} | {
    stem("unable"),
    stem("impossible"),
}
_LISTING = frozenset(stem(w) for w in "or nor and any a an the much other".split())
# Words a negation does not reach past: it was about knowing, not about the symptom ("I
# don't know why my foot is tingling", "not sure if it's numbness"), or it has ended
# ("nothing helps and my foot is tingling", "didn't notice until today that I'm numb").
_NEGATION_ENDS = (
    "why,how,what,when,where,whether,if,because,know,know if,sure,idea,tell,tell if,"
    "understand,wonder,until,till,and"
)


class Trigger(NamedTuple):
    """One trigger of a rule, ready to search for."""

    pattern: Pattern
    needs: frozenset[str]  # the stems a message must have for it to match
    jest: bool  # also said in jest (`SafetyRule.hyperbole`): not read in a message that laughs
    quoted: frozenset[str]  # its words in quotes, read only as written ("leg", not legs)

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickled by tuple.__new__ in C rather than the generated __new__ in Python: every
        # start from the cache loads over a thousand of them.
        return tuple.__new__, (Trigger, tuple(self))


class _Reading(NamedTuple):
    """A message's stems, clause by clause, and those of the clauses that may speak of now."""

    stems: list[str]
    current: list[str]
    present: frozenset[str]
    present_now: frozenset[str]


class Finding(NamedTuple):
    """The alert to show, if any, and the words the safety rules spoke for.

    Those words (say "numbness" in "no numbness, how long does it last?") are left out
    of matching: they are about symptoms, not about what the person asks.
    """

    rule: SafetyRule | None
    words: frozenset[str]


class SafetyCheck:
    """Finds the most serious red flag in a message, ignoring negated mentions."""

    def __init__(self, rules: Sequence[SafetyRule], read: Reader) -> None:
        # Every rule's triggers in order (most serious rule first), each filed under one stem
        # it needs: a message is searched only for those filed under its own stems.
        self._triggers = [(rule, t) for rule in rules for t in _triggers(rule, read)]
        self._filed = _filed([t.needs for _, t in self._triggers])
        self._read = read
        words = (s for w in _NEGATION_ENDS.split(",") for s in read(w, False))
        self._ends = frozenset((CLAUSE, *words))  # a clause's end stops a negation too

    def check(self, text: str) -> Finding:
        """The first rule (they are ordered most serious first) the text triggers."""
        # A trigger may span clauses ("sore for a month, still hurts"); a negation may not.
        # Feelings, what goes on and what was not got first, while "numb about a week" still
        # says how long.
        if _MOVED_WORDS.search(text):
            text = _later(_MOVED).sub("moved", text)
        text = _NOT_GOT.sub("had no", _GOES_ON.sub("keeps", text))
        text = _COULD_NOT.sub("can't", text)
        text = _ITS.sub("it's", text)
        if _DAYS_SAID.search(text):
            text = _later(_DAYS).sub(_in_weeks, text)
        if _DIGIT.search(text):
            text = _later(_WEIGHT).sub(_weight, _later(_BODY_HEAT).sub("a fever", text))
        if _WEEK.search(text):
            text = _later(_FORTNIGHT).sub("two weeks", text)
            # Stand-ins that no trigger uses.
            text = _later(_WHICH_WEEK).sub("lately", _later(_PER_WEEK).sub("regularly", text))
            text = _later(_ONE_WEEK).sub("lately", text)
        whole = self._reading(text)
        # Other forms of a trigger's quoted words are hidden from it, in a view of the text
        # made when it would match the whole.
        views = {frozenset[str](): whole}
        laughing = _LAUGHING.search(text) is not None
        alert = None
        spoken: set[str] = set()
        filed = (self._filed.get(s, ()) for s in whole.present)
        for at in sorted(chain.from_iterable(filed)):
            rule, (trigger, needs, jest, quoted) = self._triggers[at]
            if (
                (jest and laughing)
                or not whole.present.issuperset(needs)
                or find_in_order(whole.stems, trigger) is None
            ):
                continue
            view = views.get(quoted)
            if view is None:
                seen = _as_written(text, quoted, self._read)
                view = views[quoted] = whole if seen == text else self._reading(seen)
            if view is not whole and (
                not view.present.issuperset(needs) or find_in_order(view.stems, trigger) is None
            ):
                continue
            spoken.update(s for s, _ in trigger)
            if alert is not None or not view.present_now.issuperset(needs):
                continue
            current = view.current
            found = find_in_order(current, trigger)
            # A negated mention ("no numbness yesterday") may come before a real one.
            while found and _negated(current, trigger, *found, self._ends):
                found = find_in_order(current, trigger, found[0] + 1)
            if found:
                alert = rule
        return Finding(alert, frozenset(spoken))

    def _reading(self, text: str) -> _Reading:
        parts = clauses(text)
        stems = self._stems(parts)
        # A symptom long past raises no alert, but its words are still a symptom's (`Finding`).
        now = _current(parts)
        current = stems if len(now) == len(parts) else self._stems(now)
        return _Reading(stems, current, frozenset(stems), frozenset(current))

    def _stems(self, parts: list[str]) -> list[str]:
        """The clauses' stems, each clause's followed by `CLAUSE`."""
        return [s for clause in parts for s in (*self._read(clause, True), CLAUSE)]


def _current(parts: list[str]) -> list[str]:
    """The clauses that may speak of now: not one that says a symptom was long ago, where it or
    the clause after it says the symptom has passed and nothing after says it never did, is
    back or stays. A history of cancer is a red flag however long ago it passed."""
    return [
        part
        for at, part in enumerate(parts)
        if not (
            _said_long_ago(parts, at)
            and not _CANCER.search(part)
            and _passed(", ".join(parts[at : at + 2]))
            and not _later(_UNRESOLVED).search(" ".join(parts[at:]))
        )
    ]


def _said_long_ago(parts: list[str], at: int) -> bool:
    """Whether a clause says a symptom was long ago, or follows clauses that open the message
    and say nothing but when, long ago ("years ago (2015) I had sciatica"), and says nothing
    recent itself."""
    if _LONG_AGO.search(parts[at]):
        return True
    opening = parts[:at]
    return (
        any(map(_LONG_AGO.search, opening))
        and all(not _later(_YEAR).sub("", _LONG_AGO.sub("", part)).strip() for part in opening)
        and not _later(_RECENT).search(parts[at])
    )


def _passed(text: str) -> bool:
    """Whether the text says a symptom has passed, not that it is hoped or waited for, nor that
    a power went or never came back ("I used to have bladder control but that went")."""
    hoped = _later(_HOPED)
    for found in _later(_RESOLVED).finditer(text):
        before = text[: found.start()]
        lost = found.group().endswith(("went", "back")) and _later(_POWER).search(before)
        if not (lost or hoped.search(before)):
            return True
    return False


def _weight(found: re.Match[str]) -> str:
    """A weight as its number and its unit apart, the unit as the rules spell it."""
    unit = found.group(2).lower()
    return f"{found.group(1)} {_UNITS.get(unit, unit)}"


def _in_weeks(days: re.Match[str]) -> str:
    """A count of days as "weeks" from two weeks on, else as it was."""
    count = days.group(1)
    if count.isdigit():
        return "weeks" if int(count) >= _WEEKS_OF_DAYS else days.group(0)
    return "weeks"  # in words, fourteen or more


def _filed(needs: Sequence[frozenset[str]]) -> dict[str, list[int]]:
    """Each trigger's position (given the stems each needs) filed under the one of its stems
    that the fewest triggers need, so that few are filed under any stem a message has."""
    needed = Counter(chain.from_iterable(needs))
    filed: dict[str, list[int]] = {}
    for at, stems in enumerate(needs):
        filed.setdefault(min(stems, key=lambda s: (needed[s], s)), []).append(at)
    return filed


def _triggers(rule: SafetyRule, read: Reader) -> list[Trigger]:
    """A rule's triggers as patterns, each with the stems it needs (a message lacking one
    cannot match it, and is not searched) and whether it is said in jest too."""
    phrases = [(t, False) for t in rule.triggers] + [(t, True) for t in rule.hyperbole]
    return [
        Trigger(p, frozenset(s for s, _ in p), jest, _quoted(t))
        for t, jest in phrases
        if (p := _pattern(t, read))
    ]


def _quoted(trigger: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _QUOTED.findall(trigger))


def _as_written(text: str, quoted: frozenset[str], read: Reader) -> str:
    """The text without other forms of these words ("legs" for "leg"), nor words read as them
    ("deadlift" and "weight" for "lift")."""
    forms = {stem(w) for w in quoted}
    meant = {s for w in quoted for s in read(w, False)}

    def hide(word: re.Match[str]) -> str:
        spelt = word.group().lower()
        other = stem(spelt) in forms or not meant.isdisjoint(read(spelt, False))
        return "_" if spelt not in quoted and other else word.group()

    return _WORD.sub(hide, text)


def _pattern(trigger: str, read: Reader) -> Pattern:
    """A trigger as (stem, words allowed before it): `NEAR` within a run, `FAR` for a "..."
    before it and `FAR` more for each further one ("lump ... ... bigger": sixteen)."""
    parts: Pattern = []
    gap = 0
    for run in trigger.split("..."):
        for stem_ in read(run, False):
            parts.append((stem_, gap or NEAR))
            gap = 0
        gap += FAR
    return parts


def _negated(
    stems: list[str], trigger: Pattern, start: int, end: int, ends: frozenset[str]
) -> bool:
    # A trigger that is itself negative ("can't feel") is matched as written.
    if any(t in _NEGATION_STEMS for t, _ in trigger):
        return False
    before = stems[max(0, start - NEGATION_REACH) : start]
    # Only what follows the last word a negation ends at (or the clause's start) can negate.
    stops = [i for i, s in enumerate(before) if s in ends]
    if stops:
        before = before[stops[-1] + 1 :]
    first = start - len(before)
    return any(
        _negates(stems, first + i, start) for i, s in enumerate(before) if s in _NEGATION_STEMS
    ) or any(
        s in _NEGATION_STEMS and not (s == _WITHOUT and _after_denial(stems, at))
        for at, s in enumerate(stems[start:end], start)
    )


def _negates(stems: list[str], at: int, until: int) -> bool:
    """Whether the negation at `at` reaches the symptom at `until`: a "without" only over a
    list ("without any back pain or numbness"); a denial and a "without" after it cancel out
    ("can't stand without it collapsing" says that it collapses)."""
    between = stems[at + 1 : until]
    if stems[at] == _WITHOUT:
        return _governs(between) and not _after_denial(stems, at)
    return stems[at] not in _DENIALS or _WITHOUT not in between


def _after_denial(stems: list[str], at: int) -> bool:
    """Whether the "without" at `at` follows a denial in its clause."""
    clause = stems[max(0, at - DENIAL_REACH) : at]
    if CLAUSE in clause:
        clause = clause[len(clause) - clause[::-1].index(CLAUSE) :]
    return not _DENIALS.isdisjoint(clause)


def _governs(between: list[str]) -> bool:
    """Whether a "without" still governs a symptom after these words: a list of them ("without
    any back pain or numbness"), not the rest of its clause ("without warning my leg went
    numb")."""
    return sum(1 for s in between if s not in _LISTING) <= WITHOUT_REACH
