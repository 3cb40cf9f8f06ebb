# ruff: noqa: RUF001 -- typographic quotes and dashes belong to the generated text
"""Word lists of the demo text: places, names, tags, story and sentence templates by topic."""

from __future__ import annotations

CITIES = (
    "Damascus",
    "Aleppo",
    "Homs",
    "Hama",
    "Latakia",
    "Tartus",
    "Daraa",
    "Sweida",
    "Deir Ezzor",
    "Raqqa",
    "Hasaka",
    "Idleb",
    "Quneitra",
)
COUNTRIES = (
    "Russia",
    "China",
    "India",
    "Iraq",
    "Lebanon",
    "Jordan",
    "Oman",
    "Algeria",
    "Brazil",
    "Belarus",
    "Armenia",
    "Venezuela",
    "South Africa",
    "Indonesia",
    "Malaysia",
    "Cuba",
    "Kazakhstan",
    "Tunisia",
)
MINISTRIES = (
    "Ministry of Economy and Foreign Trade",
    "Ministry of Health",
    "Ministry of Education",
    "Ministry of Agriculture and Agrarian Reform",
    "Ministry of Water Resources",
    "Ministry of Culture",
    "Ministry of Local Administration and Environment",
    "Ministry of Electricity",
    "Ministry of Transport",
    "Ministry of Tourism",
    "Ministry of Internal Trade & Consumer Protection",
    "Ministry of Higher Education",
)
ORGS = (
    "the United Nations Development Programme",
    "UNICEF",
    "the World Health Organization",
    "the International Committee of the Red Cross",
    "the Syrian Arab Red Crescent",
    "the Food and Agriculture Organization",
    "UNESCO",
    "the World Food Programme",
)
PROJECTS = (
    "water pumping station",
    "bakery",
    "secondary school",
    "health center",
    "ring road",
    "power transformer station",
    "irrigation canal",
    "solar power plant",
    "bridge",
    "hospital wing",
    "sewage network",
    "vocational training center",
)
CROPS = (
    "wheat",
    "cotton",
    "olives",
    "citrus",
    "potatoes",
    "barley",
    "pistachios",
    "tomatoes",
    "apples",
    "sugar beet",
)
EVENTS = (
    "book fair",
    "film festival",
    "heritage exhibition",
    "photography exhibition",
    "theater festival",
    "music festival",
    "fine arts exhibition",
    "poetry festival",
)
SPORTS = (
    "football",
    "basketball",
    "volleyball",
    "weightlifting",
    "table tennis",
    "athletics",
    "boxing",
    "chess",
    "swimming",
    "karate",
)
FIELDS = (
    "energy",
    "health care",
    "higher education",
    "agriculture",
    "transport",
    "tourism",
    "culture",
    "trade",
    "pharmaceutical industry",
    "information technology",
)
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
FIRST_NAMES = (
    "Hala",
    "Rawaa",
    "Mazen",
    "Manar",
    "Bashar",
    "Ghossoun",
    "Lina",
    "Mohammad",
    "Rasha",
    "Khalil",
    "Shadi",
    "Ruaa",
    "Ghaith",
    "Nada",
    "Fedaa",
    "Samer",
)
LAST_NAMES = (
    "Zain",
    "Ghanem",
    "Eid",
    "Salloum",
    "Kadri",
    "Haddad",
    "Ibrahim",
    "Khaddour",
    "Nassr",
    "Jaber",
    "Mansour",
    "Hamdan",
    "Abboud",
    "Darwish",
)
TAG_NAMES = (
    "Damascus",
    "Aleppo",
    "Homs",
    "Latakia",
    "Reconstruction",
    "Economy",
    "Agriculture",
    "Health",
    "Education",
    "Culture",
    "Sports",
    "United Nations",
    "Energy",
    "Water",
    "Tourism",
    "Trade",
    "Investment",
    "Heritage",
    "Youth",
    "Transport",
)
TOPICS = ("politics", "local", "economy", "culture", "sports", "world", "health")
TOPIC_WORDS = {
    "politics": ("politic", "presiden", "government", "parliament"),
    "local": ("local", "syria", "governorate", "province", "national"),
    "economy": ("econom", "business", "trade", "finance"),
    "culture": ("cultur", "art", "heritage", "society"),
    "sports": ("sport",),
    "world": ("world", "international", "region", "arab"),
    "health": ("health", "science", "medic"),
}

# Titles: {slots} are filled from the story. Each pairs with a lead sentence with the same slots.
STORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "politics": (
        (
            "Foreign Minister receives {country}’s ambassador, discusses cooperation in {field}",
            "Foreign Minister received on {weekday} the Ambassador of {country} in Damascus, "
            "and discussed with him ways of boosting cooperation in the field of {field}.",
        ),
        (
            "Syria and {country} sign memorandum of understanding on {field}",
            "Syria and {country} signed on {weekday} a memorandum of understanding on cooperation "
            "in the field of {field}, with {num} joint projects planned for the coming years.",
        ),
        (
            "Parliamentary delegation visits {country} to strengthen ties",
            "A parliamentary delegation headed by the Speaker of the People’s Assembly arrived on "
            "{weekday} in {country} on a {small}-day official visit aimed at strengthening ties.",
        ),
        (
            "Cabinet approves plan to develop {field} sector in {city}",
            "The Cabinet approved in its weekly session on {weekday} a plan to develop the "
            "{field} sector in {city} governorate at a cost of SYP {num} million.",
        ),
        (
            "Prime Minister discusses {field} projects with {city} officials",
            "Prime Minister discussed on {weekday} with officials of {city} governorate the "
            "progress of {field} projects and the obstacles that delay their completion.",
        ),
    ),
    "local": (
        (
            "New {project} opens in {city} countryside",
            "A new {project} was opened on {weekday} in {city} countryside, serving about {num} "
            "thousand residents of the surrounding villages.",
        ),
        (
            "Rehabilitation of {project} in {city} completed at a cost of SYP {num} million",
            "The {ministry} completed the rehabilitation of the {project} in {city} at a cost of "
            "SYP {num} million, the director of the project said on {weekday}.",
        ),
        (
            "{city} governorate launches campaign to clean streets and public parks",
            "{city} governorate launched on {weekday} a campaign to clean the streets and public "
            "parks of the city, with the participation of {num} volunteers.",
        ),
        (
            "Work resumes on {project} in {city} after {small}-year halt",
            "Work resumed on {weekday} on the {project} in {city} after a halt of {small} years, "
            "and the first phase is expected to be finished within {small} months.",
        ),
    ),
    "economy": (
        (
            "{city} farmers expect {crop} harvest of {num} thousand tons",
            "Farmers in {city} expect to harvest {num} thousand tons of {crop} this season, an "
            "increase of {pct} percent on last year, the Directorate of Agriculture said.",
        ),
        (
            "{ministry} sets new prices for {crop}",
            "The {ministry} set on {weekday} new purchase prices for {crop}, raising the price of "
            "one kilogram by {pct} percent to support farmers.",
        ),
        (
            "Exports of {crop} to {country} rise by {pct} percent",
            "Syrian exports of {crop} to {country} rose by {pct} percent in the first months of "
            "the year, reaching {num} thousand tons, the Union of Chambers of Commerce said.",
        ),
        (
            "Investment forum in {city} presents {num} projects to investors",
            "An investment forum opened on {weekday} in {city}, presenting {num} projects in the "
            "fields of {field} and industry to local and foreign investors.",
        ),
        (
            "{country} trade delegation explores opportunities in Syrian market",
            "A trade delegation from {country} began on {weekday} a visit to Damascus to explore "
            "investment opportunities in the Syrian market, especially in {field}.",
        ),
    ),
    "culture": (
        (
            "{city} {event} opens with participation of {num} artists",
            "The {event} opened on {weekday} in {city} with the participation of {num} artists "
            "and writers from all Syrian governorates.",
        ),
        (
            "{ministry} honors winners of national {event} award",
            "The {ministry} honored on {weekday} the winners of the national {event} award at a "
            "ceremony held at the Opera House in Damascus.",
        ),
        (
            "Restoration of ancient khan in {city} enters final stage",
            "The restoration of the ancient khan in the old city of {city} has entered its final "
            "stage, the Directorate-General of Antiquities and Museums said on {weekday}.",
        ),
        (
            "Children’s {event} in {city} draws thousands of visitors",
            "The children’s {event} in {city} drew about {num} visitors on its first day, with "
            "workshops, plays and reading sessions for children.",
        ),
    ),
    "sports": (
        (
            "Syria’s national {sport} team beats {country} {score}",
            "Syria’s national {sport} team beat its counterpart from {country} {score} on "
            "{weekday} in a friendly match held in {city}.",
        ),
        (
            "{city} club wins national {sport} championship",
            "The {city} club won the national {sport} championship on {weekday} after beating "
            "its rival in the final held at the Tishreen sports city.",
        ),
        (
            "Syrian athletes win {small} medals at Arab {sport} championship",
            "Syrian athletes won {small} medals, among them a gold one, at the Arab {sport} "
            "championship that concluded on {weekday} in {country}.",
        ),
        (
            "{sport} league season kicks off in {city}",
            "The new season of the {sport} league kicked off on {weekday} in {city} with {small} "
            "matches and the participation of {num} players.",
        ),
    ),
    "world": (
        (
            "{country} calls for respect of international law at UN session",
            "The representative of {country} called on {weekday} for respect of international "
            "law and the sovereignty of states during a session of the UN General Assembly.",
        ),
        (
            "{org} delivers aid to {num} families in {city}",
            "{org} delivered on {weekday} food and health aid to {num} families in {city}, in "
            "cooperation with local authorities.",
        ),
        (
            "International conference on {field} opens in {country}",
            "An international conference on {field} opened on {weekday} in {country} with the "
            "participation of delegations from {count} countries, Syria among them.",
        ),
    ),
    "health": (
        (
            "Vaccination campaign against polio launched in {city}",
            "The Ministry of Health launched on {weekday} a vaccination campaign against polio "
            "in {city}, targeting about {num} thousand children under five.",
        ),
        (
            "{city} hospital receives new medical equipment worth SYP {num} million",
            "The national hospital in {city} received on {weekday} new medical equipment worth "
            "SYP {num} million, including {small} dialysis machines.",
        ),
        (
            "Free medical days in {city} countryside treat {num} patients",
            "Free medical days held in {city} countryside treated {num} patients, most of them "
            "children and elderly people, the health directorate said on {weekday}.",
        ),
    ),
}

SENTENCES: dict[str, tuple[str, ...]] = {
    "politics": (
        "The two sides stressed the importance of developing relations in {field} to serve the "
        "interests of both peoples.",
        "The talks dealt with the latest developments in the region and the efforts to restore "
        "security and stability.",
        "The delegation is scheduled to meet several officials during the visit, which will last "
        "{small} days.",
        "Both sides agreed to form a joint committee that will meet every {small} months to "
        "follow up on the implementation of the agreements.",
        "The ambassador conveyed the greetings of the leadership of {country} and its wish to "
        "expand cooperation.",
    ),
    "local": (
        "Residents of the area had long demanded the project, which had been damaged during the "
        "years of the war.",
        "The works included the replacement of {num} meters of pipes and the installation of "
        "{small} new pumps.",
        "The governorate plans to carry out {small} similar projects in the coming months, with "
        "a total budget of SYP {num} million.",
        "Local committees will follow up on the implementation of the project and report any "
        "shortcomings.",
        "The {project} will work around the clock and will be supervised by a team of {small} "
        "engineers.",
    ),
    "economy": (
        "The area cultivated with {crop} this year reached {num} hectares, according to "
        "official figures.",
        "Experts expect prices to remain stable in the local market during the coming weeks.",
        "The Central Bank said that the new measures aim to support production and reduce "
        "import costs.",
        "Farmers demanded more support in fuel and fertilizers to reduce their production costs.",
        "The value of the signed contracts reached about {num} million dollars, the organizers "
        "said.",
    ),
    "culture": (
        "The program includes lectures, film screenings and concerts by the National Symphony "
        "Orchestra.",
        "Visitors can see more than {num} works of painting, sculpture and calligraphy.",
        "The event will continue for {small} days and is open to the public free of charge.",
        "Organizers said that the aim is to introduce young people to the country’s rich "
        "heritage.",
        "A number of publishing houses from {country} take part for the first time.",
    ),
    "sports": (
        "The team’s coach praised the performance of the players and their commitment to the "
        "training plan.",
        "The match was attended by about {num} spectators who filled the stands of the stadium.",
        "The next round of the championship will be held in {city} in {small} weeks.",
        "The federation announced that {small} new players have joined the national team for "
        "the coming tournaments.",
        "The champion will represent Syria in the regional tournament to be held in {country}.",
    ),
    "world": (
        "The statement stressed the need to lift the unilateral coercive measures imposed on "
        "several countries.",
        "The conference will discuss {small} working papers on {field} and climate change.",
        "Participants called for more international cooperation to face the challenges of food "
        "security.",
        "The organization said it plans to expand its programs to reach {num} more families by "
        "the end of the year.",
    ),
    "health": (
        "Mobile teams will visit remote villages to make sure that all children are vaccinated.",
        "The equipment was provided in cooperation with {org}, the director of the hospital said.",
        "The health directorate called on parents to cooperate with the vaccination teams.",
        "The hospital receives about {num} patients a day from the city and its countryside.",
    ),
    "generic": (
        "The {ministry} said that the work is carried out according to a clear timetable.",
        "In {year}, the number of beneficiaries reached about {num} thousand people, figures "
        "show.",
        "Officials said that the project is part of a wider plan covering {small} governorates.",
        "The director of the project said that {pct} percent of the works have been completed "
        "so far.",
        "The total cost of the first phase is estimated at SYP {num} million.",
        "Meetings with local communities will be held to explain the details of the plan.",
        "A committee of experts will evaluate the results and submit its report within {small} "
        "weeks.",
        "The initiative was welcomed by residents, who said it would ease their daily life.",
        "More than {num} workers and technicians take part in the works, most of them from "
        "{city}.",
        "The next stage will focus on training staff and improving services for citizens.",
        "Similar initiatives were carried out last year in {city} and {city2}.",
        "Officials stressed that the quality of services will be monitored on a weekly basis.",
    ),
}

QUOTES = (
    "“We are working to complete the remaining works as soon as possible,” {person} said.",
    "{person} said that “this step reflects the government’s commitment to improving services "
    "for citizens.”",
    "“The results so far are encouraging and we will build on them,” {person} told SANA.",
    "In a statement to SANA, {person} said that “cooperation with all parties is the key to "
    "success.”",
)
ROLES = (
    "the governor of {city}",
    "the director of the project",
    "a ministry official",
    "the head of the city council",
    "the deputy minister",
)
CAPTIONS = (
    "A view of the {project} in {city}",
    "Officials during the opening ceremony in {city}",
    "Part of the works in {city} countryside",
    "Participants at the event in {city}",
    "Workers at the site of the {project}",
)
COMMENTS = (
    "Great news, thank you for the report.",
    "When will the project in our village start?",
    "Good step, we hope to see more of these.",
    "Please publish more details about the timetable.",
    "Thank you to all the workers who made this possible.",
)
