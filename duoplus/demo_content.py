"""Demo content taken from the seed documents (Duo+ planning-and-control documents)."""

from decimal import Decimal

ORGANISATIONS = [
    # slug, name, kind, council name
    ("duoplus", "Duo+", "executing", ""),
    ("diemen", "Diemen", "municipality", "gemeenteraad van Diemen"),
    ("ouder-amstel", "Ouder-Amstel", "municipality", "gemeenteraad van Ouder-Amstel"),
    ("uithoorn", "Uithoorn", "municipality", "gemeenteraad van Uithoorn"),
]

# username, first name, last name, [(role, organisation slug)]
ACCOUNTS = [
    ("beheer", "Bea", "Beheer", [("admin", "duoplus")]),
    ("coordinator", "Carla", "de Coördinator", [("coordinator", "duoplus")]),
    ("medewerker", "Mehmet", "Medewerker", [("editor", "duoplus")]),
    ("dbr-duoplus", "Daan", "Directeur Duo+", [("board", "duoplus")]),
    ("dbr-diemen", "Dina", "Directeur Diemen", [("board", "diemen")]),
    ("dbr-ouder-amstel", "Olaf", "Directeur Ouder-Amstel", [("board", "ouder-amstel")]),
    ("dbr-uithoorn", "Ursula", "Directeur Uithoorn", [("board", "uithoorn")]),
    ("raad-diemen", "Rik", "Raadslid Diemen", [("council", "diemen")]),
    ("raad-ouder-amstel", "Ria", "Raadslid Ouder-Amstel", [("council", "ouder-amstel")]),
    ("raad-uithoorn", "Roel", "Raadslid Uithoorn", [("council", "uithoorn")]),
    ("griffie-diemen", "Greet", "Griffier Diemen", [("clerk", "diemen")]),
    ("griffie-ouder-amstel", "Gijs", "Griffier Ouder-Amstel", [("clerk", "ouder-amstel")]),
    ("griffie-uithoorn", "Gerda", "Griffier Uithoorn", [("clerk", "uithoorn")]),
]

# slug, name, goals, written by the demo editor?
PROGRAMMES = [
    (
        "integrale-dienstverlening",
        "Integrale Dienstverlening",
        [
            "Integraliteit bevorderen in de gehele dienstverleningsketen: er wordt gewerkt vanuit "
            "nevengeschiktheid in het realiseren van de dienstverlening (richting opdrachtgevers "
            "en inwoners);",
            "Cultuur van samenwerken realiseren in en tussen alle schakels van de keten;",
            "Het doen ontstaan van een logische keten voor het geheel van de dienstverlening;",
            "Rollen, taken en verantwoordelijkheden zijn duidelijk;",
            "Houding en gedrag worden leidend voor de veranderkracht en vormen daarmee ook de "
            "basis voor toekomstige verandering.",
        ],
        True,
    ),
    (
        "inkoop",
        "Inkoop",
        [
            "Eén inkooporganisatie die past bij de DUO-organisatie;",
            "Uniform inkoop- en aanbestedingsbeleid voor de vier organisaties;",
            "Maatschappelijk verantwoord inkopen.",
        ],
        True,
    ),
    (
        "gezamenlijk-werkgeverschap",
        "Gezamenlijk werkgeverschap",
        ["Overeenstemming tussen de DUO-werkgevers over waar zij samenwerken en waar niet."],
        True,
    ),
    (
        "inclusief-werkgeverschap",
        "Inclusief werkgeverschap",
        [
            "Voldoen aan de wettelijke verplichtingen onder de Wet banenafspraak;",
            "Een gedragen visie op inclusief werkgeverschap als onderdeel van de gezamenlijke "
            "werkgeversvisie.",
        ],
        True,
    ),
    (
        "efficiencymaatregelen",
        "Efficiencymaatregelen",
        [
            "Jaarlijks een aantal grote processen doorlichten op harmoniseren, uniformeren en "
            "digitaliseren;",
            "Inverdieneffecten en efficiencyvoordelen realiseren binnen de bestaande capaciteit.",
        ],
        True,
    ),
    (
        "governance",
        "Governance",
        [
            "Heldere taken, rollen en verantwoordelijkheden van functies en gremia;",
            "Meer bestuurlijke betrokkenheid via de OGON's;",
            "Een eenduidig en uniform doorleefde governance, uiterlijk in oktober 2022 uitgewerkt.",
        ],
        False,
    ),
    (
        "informatisering-automatisering",
        "Informatisering & Automatisering",
        [
            "Kanteling van taakgericht naar functiegericht werken;",
            "Robuust applicatiebeheer en een solide financiële onderbouwing van investeringen.",
        ],
        True,
    ),
    (
        "informatiehuishouding",
        "Informatiehuishouding",
        [
            "De informatiehuishouding op orde krijgen en houden;",
            "Voldoen aan de Wet open overheid (Woo) en de Wet modernisering elektronisch "
            "bestuurlijk verkeer (Wmebv).",
        ],
        True,
    ),
]

REPORT_2021_TEXTS = {
    "integrale-dienstverlening": (
        "De uitvoeringsorganisatie Duo+ is volop in ontwikkeling om over de gehele breedte de "
        "kwaliteit van de dienstverlening en de samenwerking te verbeteren. Onder leiding van een "
        "programmamanager zijn de eerste stappen gezet in de voorbereidingsfase om de "
        "dienstverlening beter aan te laten sluiten op de verwachtingen van de gemeenten in de "
        "realisatie van hun dienstverlening aan burgers, bedrijven en bezoekers.\n\n"
        "Het programma is geborgd door een stuurgroep bestaande uit de vier algemeen directeuren "
        "van de DUO-organisaties, waarbij in het proces een aantal afwegingsmomenten is ingebouwd."
    ),
    "gezamenlijk-werkgeverschap": (
        "Dit onderwerp heeft in 2021 nog geen voortgang gehad. Enerzijds ligt hier de wisseling "
        "van gemeentesecretarissen aan ten grondslag, anderzijds was de trekker van dit onderwerp "
        "geveld door Corona. Er is nu afgesproken dat er deze zomer een samenvatting wordt gemaakt "
        "van wat er tot nu toe is besproken. In september (Q3) komt er met het DBR en een "
        "afvaardiging van de COR een vervolgsessie over hoe nu verder."
    ),
    "inclusief-werkgeverschap": (
        "Het project inclusief werkgeverschap gaat over invulling geven aan inclusief "
        "werkgeverschap in de breedste zin. Hierbij is het voldoen aan de wettelijke verplichtingen "
        "onder de Wet banenafspraak een belangrijk onderdeel. Er is een plan van aanpak opgesteld "
        "om de gemaakte plannen uit te voeren en te implementeren.\n\n"
        "In afwachting van de visie willen de werkgevers hun huidige inspanningen als inclusieve "
        "werkgevers meten. Deze nulmeting (Inclusiescan) wordt uitgevoerd tezamen met "
        "onderzoeksbureau AnalitiQs. Voor de huidige meting is additioneel budget gevraagd (niet "
        "eerder opgenomen in de begroting) van € 8.000. Duo+ zal de kosten volgens de "
        "verdeelsleutel bedrijfsvoering doorbelasten aan de andere organisaties."
    ),
    "inkoop": (
        "Er zijn inkoophandboeken opgesteld. Deze handboeken zullen in de tweede helft van het "
        "jaar ter vaststelling aan de DUO-gemeenten en Duo+ aangeboden worden.\n\n"
        "Daarnaast is een projectleider inkoop aangesteld. Deze projectleider gaat de toekomstige "
        "organisatie van de inkoopfunctie verder uitwerken. De intentie is dat in 2022 een begin "
        "gemaakt kan worden met de vorming van de nieuwe inkooporganisatie binnen de "
        "DUO-organisatie."
    ),
}

REPORT_2022_TEXTS = {
    "governance": (
        "Het bestuur Duo+ heeft het Directieberaad opdracht gegeven om naar vraagstukken te kijken "
        "in het kader van de Governance. De vraagstukken betreffen onder andere uitwerking van "
        "taken, rollen en verantwoordelijkheden van verschillende functies en gremia, structuur "
        "en werking van de OGON's, de cultuur van de verschillende organisaties en verantwoording "
        "via de P&C-cyclus.\n\n"
        "De opdracht is om uiterlijk in oktober 2022 met een onderbouwde uitwerking te komen voor "
        "een eenduidig en uniform doorleefde governance."
    ),
    "efficiencymaatregelen": (
        "Om efficiencyvoordelen te bereiken wordt vanaf 2022 jaarlijks een aantal grote processen "
        "doorgelicht. Per proces worden de mogelijkheden tot harmoniseren, uniformeren en "
        "digitaliseren in kaart gebracht.\n\n"
        "Inmiddels zijn met alle teams kwartaalgesprekken gehouden. De uitkomsten hiervan worden "
        "gebruikt voor het inventariseren van de processen die dit jaar worden doorgenomen."
    ),
    "informatisering-automatisering": (
        "Binnen het team Informatisering & Automatisering (I&A) ligt de focus op de noodzakelijke "
        "kanteling van taakgericht naar functiegericht werken.\n\n"
        "Er is recent sprake van forse uitstroom bij I&A, vooral bij het cluster Geo & "
        "Gegevensmanagement. Vanwege een wereldwijd chiptekort heeft I&A ook problemen met de "
        "levering van ICT-apparatuur; de aanschaf valt nog binnen de kaders van de I&A-begroting."
    ),
    "inkoop": (
        "De projectleider heeft het inkoop- en aanbestedingsbeleid voor de DUO-organisatie "
        "aangepast en geüniformeerd, en voor de drie gemeenten zijn inkoophandboeken opgesteld.\n\n"
        "De intentie is om dit jaar een inkoopadviseur/coördinator aan te stellen binnen de "
        "DUO-organisatie. Hiervoor is een wervingstraject opgestart."
    ),
    "integrale-dienstverlening": (
        "Het bestuur van Duo+ heeft de missie, visie en kernwaarden vastgesteld die door de teams "
        "worden ingevuld met werkwaarden. Wanneer het programma opgestart kan worden is afhankelijk "
        "van de uitkomsten van de heroriëntatie op de governance (relatie met de OGON's)."
    ),
    "gezamenlijk-werkgeverschap": (
        "Er is een bijeenkomst georganiseerd in het tweede kwartaal 2021 waarbij de vier MT's en "
        "(C)OR-en aanwezig waren. In strategische sessies proberen de DUO-werkgevers nu "
        "overeenstemming te vinden over de punten waarop zij willen samenwerken."
    ),
    "inclusief-werkgeverschap": (
        "Een panel met vertegenwoordiging uit alle DUO-organisaties werkt aan een gezamenlijke "
        "visie op inclusief werkgeverschap. Het bestuur heeft de ambitie uitgesproken om in 2024 "
        "Duo-breed aan de quota te voldoen (Diemen voldoet nu al aan deze doelstellingen)."
    ),
}

# "Wat mag het kosten?" per programme in the published 2021 report.
REPORT_2021_COSTS = {
    "integrale-dienstverlening": "De voorbereidingsfase valt binnen de bestaande budgetten.",
    "gezamenlijk-werkgeverschap": "Geen financiële gevolgen.",
    "inclusief-werkgeverschap": (
        "Voor de Inclusiescan is eenmalig **€ 8.000** nodig, niet eerder opgenomen in de "
        "begroting. Duo+ belast de kosten door volgens de *verdeelsleutel bedrijfsvoering*; "
        "zie de begrotingswijziging in deze rapportage."
    ),
    "inkoop": "De projectleider inkoop wordt betaald uit het bestaande budget.",
}
REPORT_2021_BUDGET_STATUS = {"inclusief-werkgeverschap": "attention"}

# Indicators: programme slug -> [(name, unit, target)]; values in the 2021 report.
INDICATORS = {
    "inclusief-werkgeverschap": [
        ("Banen volgens de Wet banenafspraak (DUO-breed)", "banen", "47"),
    ],
    "inkoop": [("Aanbestedingen volgens het nieuwe beleid", "%", "100")],
}
REPORT_2021_INDICATORS = {
    "inclusief-werkgeverschap": ["31"],
    "inkoop": ["40"],
}

CATEGORIES = [
    ("7.1.2", "Autonome ontwikkelingen", 1),
    ("7.1.3", "Beleidskeuze", 2),
]

ALLOCATION_KEY = (
    "Verdeelsleutel bedrijfsvoering",
    2021,
    # Demo values, not the real key.
    [
        ("diemen", Decimal("40.5000")),
        ("ouder-amstel", Decimal("22.2500")),
        ("uithoorn", Decimal("37.2500")),
    ],
)

# The covering letter of the Eerste voortgangsrapportage 2022 (seed 001, shortened).
LETTER_2022 = {
    "letter_reason": (
        "Deze rapportage is geschreven vanuit het perspectief van Duo+ en is vooral "
        "informerend van aard. Zij gaat over de periode januari tot en met april 2022.\n\n"
        "In het najaar volgt een tweede voortgangsrapportage. Die is van meer financiële aard "
        "en leidt ook tot een laatste wijziging van de begroting 2022."
    ),
    "letter_summary": (
        "In deze Eerste Voortgangsrapportage wordt de raad geïnformeerd over de belangrijkste "
        "ontwikkelingen binnen Duo+, onder meer:\n\n"
        "- **Corona / herstart**: de werkgroep herstart richt de werkomgeving opnieuw in, "
        "samen met de COR en het team Personeel & Organisatie;\n"
        "- **Governance**: het directieberaad werkt in opdracht van het bestuur de taken, rollen "
        "en verantwoordelijkheden en de werking van de OGON's uit;\n"
        "- **Efficiencymaatregelen**: vanaf 2022 worden jaarlijks enkele grote processen "
        "doorgelicht op harmoniseren, uniformeren en digitaliseren."
    ),
}

# The ontwerpbegroting the demo sends ter zienswijze (seed 004's language): a few texts per
# programme, Diemen's zienswijze as a raad would word it, and Duo+'s covering text.
BUDGET_CONSULTATION_TEXTS = {
    "informatisering-automatisering": (
        "In de begroting is rekening gehouden met de doorontwikkeling van Zaakgericht werken en "
        "het op orde houden van de informatiehuishouding. De kosten worden doorbelast volgens de "
        "verdeelsleutel bedrijfsvoering."
    ),
    "gezamenlijk-werkgeverschap": (
        "De loonkosten zijn geïndexeerd volgens de cao gemeenten; voor de arbeidsmarkt- en "
        "wervingscampagne is incidenteel budget opgenomen."
    ),
    "inkoop": (
        "De inkoopfunctie wordt verder professionaliseerd; het contractmanagement wordt in "
        "2027 centraal belegd."
    ),
}
ZIENSWIJZE_DIEMEN = (
    "De raad van de gemeente Diemen stemt in met de ontwerpbegroting en geeft het algemeen "
    "bestuur de volgende zienswijze mee.\n\n"
    "1. De raad vraagt het bestuur de stijging van de bijdrage van de deelnemende gemeenten "
    "te beperken tot de loon- en prijsindexatie en nieuwe beleidskeuzes (7.1.3) afzonderlijk "
    "ter besluitvorming voor te leggen.\n\n"
    "2. De raad verzoekt het bestuur in de eerste voortgangsrapportage te rapporteren over de "
    "voortgang van de informatiehuishouding, met de bereikte resultaten en de besteding van "
    "het budget."
)
BUDGET_CONSULTATION_COSTS = {
    "informatisering-automatisering": "€ 32.000 structureel, doorbelast volgens de verdeelsleutel.",
    "gezamenlijk-werkgeverschap": "Binnen de bestaande begroting; de campagne € 15.000 incidenteel.",
    "inkoop": "Binnen de bestaande begroting.",
}

# Technische vragen on the published 2021 report: (asker, passage label starts with, text,
# answer or None, merged into the question with this index, late).
QUESTIONS_2021 = [
    (
        "raad-diemen",
        "Inclusief werkgeverschap",
        "Waarop is het bedrag van € 8.000 voor de Inclusiescan gebaseerd, en is dat een "
        "eenmalig of een structureel bedrag?",
        "Het bedrag volgt uit de offerte van het bureau dat de nulmeting uitvoert. Het is "
        "een **eenmalig** bedrag in 2021; het wordt doorbelast volgens de verdeelsleutel "
        "bedrijfsvoering.",
        None,
        False,
    ),
    (
        "raad-uithoorn",
        "Inclusief werkgeverschap",
        "Is de Inclusiescan een eenmalige uitgave? Wat is het aandeel van Uithoorn?",
        None,
        0,
        False,
    ),
    (
        "griffie-ouder-amstel",
        "Raadsinformatiebrief",
        "Wanneer ontvangt de raad de uitkomsten van de nulmeting inclusief werkgeverschap?",
        None,
        None,
        True,
    ),
    (
        "raad-diemen",
        "Inkoop",
        "Hoeveel aanbestedingen zijn in de eerste vier maanden volgens het nieuwe "
        "inkoopbeleid uitgevoerd?",
        None,
        None,
        False,
    ),
]
