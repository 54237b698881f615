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
STARTBACK_BOTHERSOMENESS_QUESTION = "Overall, how bothersome has your back pain been in the last two weeks?"
