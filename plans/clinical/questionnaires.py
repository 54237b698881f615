"""Questionnaire wording shown in forms (our own plain-language phrasing of each published item).

ODI: ten sections, six statements each, scored 0 (first) to 5 (last). STarT Back: items 1-8 agree or
disagree, item 9 bothersomeness.
"""

ODI_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Pain intensity",
        (
            "I have no pain at the moment.",
            "The pain is very mild at the moment.",
            "The pain is moderate at the moment.",
            "The pain is fairly severe at the moment.",
            "The pain is very severe at the moment.",
            "The pain is the worst imaginable at the moment.",
        ),
    ),
    (
        "Personal care (washing, dressing)",
        (
            "I look after myself normally without extra pain.",
            "I look after myself normally but it is very painful.",
            "Looking after myself is painful and I am slow and careful.",
            "I need some help but manage most of my personal care.",
            "I need help every day with most of my personal care.",
            "I do not get dressed, wash with difficulty and stay in bed.",
        ),
    ),
    (
        "Lifting",
        (
            "I can lift heavy things without extra pain.",
            "I can lift heavy things but it gives extra pain.",
            "Pain stops me lifting heavy things off the floor, but I manage if they are well placed.",
            "Pain stops me lifting heavy things, but I manage light to medium things if well placed.",
            "I can lift only very light things.",
            "I cannot lift or carry anything at all.",
        ),
    ),
    (
        "Walking",
        (
            "Pain does not stop me walking any distance.",
            "Pain stops me walking more than about 1.5 km (1 mile).",
            "Pain stops me walking more than about 500 m.",
            "Pain stops me walking more than about 100 m.",
            "I can only walk with a stick or crutches.",
            "I am in bed most of the time.",
        ),
    ),
    (
        "Sitting",
        (
            "I can sit in any chair as long as I like.",
            "I can sit in my favourite chair as long as I like.",
            "Pain stops me sitting for more than an hour.",
            "Pain stops me sitting for more than half an hour.",
            "Pain stops me sitting for more than ten minutes.",
            "Pain stops me sitting at all.",
        ),
    ),
    (
        "Standing",
        (
            "I can stand as long as I want without extra pain.",
            "I can stand as long as I want but it gives extra pain.",
            "Pain stops me standing for more than an hour.",
            "Pain stops me standing for more than half an hour.",
            "Pain stops me standing for more than ten minutes.",
            "Pain stops me standing at all.",
        ),
    ),
    (
        "Sleeping",
        (
            "My sleep is never disturbed by pain.",
            "My sleep is sometimes disturbed by pain.",
            "Because of pain I sleep less than six hours.",
            "Because of pain I sleep less than four hours.",
            "Because of pain I sleep less than two hours.",
            "Pain stops me sleeping at all.",
        ),
    ),
    (
        "Sex life (if applicable)",
        (
            "My sex life is normal and causes no extra pain.",
            "My sex life is normal but causes some extra pain.",
            "My sex life is nearly normal but is very painful.",
            "My sex life is severely limited by pain.",
            "My sex life is nearly absent because of pain.",
            "Pain prevents any sex life at all.",
        ),
    ),
    (
        "Social life",
        (
            "My social life is normal and gives no extra pain.",
            "My social life is normal but increases the pain.",
            "Pain limits only my more energetic interests, such as sport.",
            "Pain has limited my social life and I go out less often.",
            "Pain has limited my social life to my home.",
            "I have no social life because of pain.",
        ),
    ),
    (
        "Travelling",
        (
            "I can travel anywhere without pain.",
            "I can travel anywhere but it gives extra pain.",
            "Pain is bad but I manage journeys of over two hours.",
            "Pain limits me to journeys of under an hour.",
            "Pain limits me to short necessary journeys of under 30 minutes.",
            "Pain stops me travelling except to receive treatment.",
        ),
    ),
)

STARTBACK_ITEMS: tuple[str, ...] = (
    "My back pain has spread down my leg(s) at some time in the last two weeks.",
    "I have had pain in the shoulder or neck at some time in the last two weeks.",
    "I have only walked short distances because of my back pain.",
    "In the last two weeks I have dressed more slowly than usual because of back pain.",
    "It is not really safe for a person with a condition like mine to be physically active.",
    "Worrying thoughts have been going through my mind a lot of the time.",
    "I feel that my back pain is terrible and it is never going to get any better.",
    "In general I have not enjoyed all the things I used to enjoy.",
)
# A form's answer for an ODI section skipped on purpose (a section with no answer is unanswered).
ODI_SKIPPED = "skip"

STARTBACK_BOTHERSOMENESS_QUESTION = "Overall, how bothersome has your back pain been in the last two weeks?"

# Patient-Specific Functional Scale (Stratford et al. 1995): the patient names the activities in
# their own words; each is rated 0-10. The instructions are ours, in plain words.
PSFS_INSTRUCTIONS = (
    "Name three to five important activities that you find hard to do, or cannot do, because of "
    "your back. Then rate each one from 0 to 10: 0 means you cannot do it at all, 10 means you can "
    "do it as well as before your back problem."
)
PSFS_RERATE_INSTRUCTIONS = (
    "These are the activities you named before. Rate each one today, from 0 to 10: 0 means you "
    "cannot do it at all, 10 means you can do it as well as before your back problem."
)
PSFS_RATING_CHOICES: tuple[tuple[int, str], ...] = tuple(
    (n, {0: "0 - I cannot do it at all", 10: "10 - As well as before my back problem"}.get(n, str(n)))
    for n in range(11)
)

# Roland-Morris Disability Questionnaire, 24-item version: the published statements unchanged
# (Roland MO, Morris RW. A study of the natural history of back pain. Part 1. Spine 1983;8:141-144;
# free to use without permission in this form). A standardised instrument: do not reword it.
RMDQ_INSTRUCTIONS = (
    "When your back hurts, you may find it difficult to do some of the things you normally do. "
    "This list contains sentences that people have used to describe themselves when they have back "
    "pain. When you read a sentence that describes you today, put a tick against it. If the "
    "sentence does not describe you, then leave the space blank and go on to the next one. "
    "Remember, only tick the sentence if you are sure it describes you today."
)
RMDQ_STATEMENTS: tuple[str, ...] = (
    "I stay at home most of the time because of my back.",
    "I change position frequently to try and get my back comfortable.",
    "I walk more slowly than usual because of my back.",
    "Because of my back I am not doing any of the jobs that I usually do around the house.",
    "Because of my back, I use a handrail to get upstairs.",
    "Because of my back, I lie down to rest more often.",
    "Because of my back, I have to hold on to something to get out of an easy chair.",
    "Because of my back, I try to get other people to do things for me.",
    "I get dressed more slowly than usual because of my back.",
    "I only stand for short periods of time because of my back.",
    "Because of my back, I try not to bend or kneel down.",
    "I find it difficult to get out of a chair because of my back.",
    "My back is painful almost all the time.",
    "I find it difficult to turn over in bed because of my back.",
    "My appetite is not very good because of my back pain.",
    "I have trouble putting on my socks (or stockings) because of the pain in my back.",
    "I only walk short distances because of my back.",
    "I sleep less well because of my back.",
    "Because of my back pain, I get dressed with help from someone else.",
    "I sit down for most of the day because of my back.",
    "I avoid heavy jobs around the house because of my back.",
    "Because of my back pain, I am more irritable and bad tempered with people than usual.",
    "Because of my back, I go upstairs more slowly than usual.",
    "I stay in bed most of the time because of my back.",
)

# Fear-Avoidance Beliefs Questionnaire: the 16 published items and the 0-6 agreement scale
# unchanged (Waddell G, Newton M, Henderson I, Somerville D, Main CJ. A Fear-Avoidance Beliefs
# Questionnaire (FABQ) and the role of fear-avoidance beliefs in chronic low back pain and
# disability. Pain 1993;52:157-168). A standardised instrument: do not reword it.
FABQ_ACTIVITY_INSTRUCTIONS = (
    "Here are some of the things which other patients have told us about their pain. For each "
    "statement please choose any number from 0 to 6 to say how much physical activities such as "
    "bending, lifting, walking or driving affect or would affect your back pain."
)
FABQ_WORK_INSTRUCTIONS = (
    "The following statements are about how your normal work affects or would affect your back pain."
)
FABQ_ACTIVITY_ITEMS = 5  # items 1-5 are about physical activity, 6-16 about work
FABQ_STATEMENTS: tuple[str, ...] = (
    "My pain was caused by physical activity.",
    "Physical activity makes my pain worse.",
    "Physical activity might harm my back.",
    "I should not do physical activities which (might) make my pain worse.",
    "I cannot do physical activities which (might) make my pain worse.",
    "My pain was caused by my work or by an accident at work.",
    "My work aggravated my pain.",
    "I have a claim for compensation for my pain.",
    "My work is too heavy for me.",
    "My work makes or would make my pain worse.",
    "My work might harm my back.",
    "I should not do my regular work with my present pain.",
    "I cannot do my normal work with my present pain.",
    "I cannot do my normal work till my pain is treated.",
    "I do not think that I will be back to my normal work within 3 months.",
    "I do not think that I will ever be able to go back to that work.",
)
FABQ_SCALE: tuple[tuple[int, str], ...] = (
    (0, "0 - Completely disagree"),
    (1, "1"),
    (2, "2"),
    (3, "3 - Unsure"),
    (4, "4"),
    (5, "5"),
    (6, "6 - Completely agree"),
)
