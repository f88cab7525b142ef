# ruff: noqa: E501 (the seed topics' translations keep their sentences on one line)
"""The controlled lists residents search by: topics (their seed) and counselling languages.

Languages are fixed in code: each is named in its own script, the name a speaker
recognises, the same in every interface language. Topics are data (Service); only
the first nine are written here, for a database that has none yet.
"""

# The nine topics the network started with, for an empty database (migration 0009 and
# load_brochure): slug, German name and explanation, an age range where the topic has
# one (DOMAIN.md: MBE from 27, JMD from 12 to 27), and their translations. From then
# on they are data: editors rename, translate, reorder and add topics in the admin.
SEED_TOPICS = [
    (
        "mbe",
        "Migrationsberatung für Erwachsene (MBE)",
        "Beratung für Zugewanderte ab 27 Jahren zu Sprache, Arbeit, Wohnen und Behörden.",
        {
            "ar": (
                "استشارات الهجرة للبالغين (MBE)",
                "استشارات للمهاجرين من عمر 27 سنة فما فوق في أمور اللغة والعمل والسكن والتعامل مع "
                "الدوائر الرسمية.",
            ),
            "en": (
                "Migration counselling for adults (MBE)",
                "Counselling for immigrants aged 27 and over about language, work, housing and "
                "government offices.",
            ),
            "ru": (
                "Миграционная консультация для взрослых (MBE)",
                "Консультации для мигрантов от 27 лет по вопросам языка, работы, жилья и ведомств.",
            ),
            "tr": (
                "Yetişkin göçmenler için göç danışmanlığı (MBE)",
                "27 yaş ve üzeri göçmenler için danışmanlık: dil, iş, konut ve resmî daireler.",
            ),
            "uk": (
                "Міграційна консультація для дорослих (MBE)",
                "Консультації для мігрантів віком від 27 років з питань мови, роботи, житла та звернень "
                "до державних установ.",
            ),
        },
    ),
    (
        "jmd",
        "Jugendmigrationsdienst (JMD)",
        "Beratung und Begleitung für junge Zugewanderte von 12 bis 27 Jahren.",
        {
            "ar": (
                "خدمة هجرة الشباب (JMD)",
                "استشارات ومرافقة للمهاجرين الشباب من عمر 12 إلى 27 سنة.",
            ),
            "en": (
                "Youth Migration Service (JMD)",
                "Counselling and support for young immigrants aged 12 to 27.",
            ),
            "ru": (
                "Молодёжная миграционная служба (JMD)",
                "Консультации и сопровождение для молодых мигрантов от 12 до 27 лет.",
            ),
            "tr": (
                "Gençlik Göç Servisi (JMD)",
                "12 ile 27 yaş arası genç göçmenler için danışmanlık ve destek.",
            ),
            "uk": (
                "Молодіжна міграційна служба (JMD)",
                "Консультації та супровід для молодих мігрантів віком від 12 до 27 років.",
            ),
        },
    ),
    (
        "fluechtlingsberatung",
        "Flüchtlingsberatung",
        "Beratung für Geflüchtete und Asylsuchende, zum Beispiel zum Asylverfahren.",
        {
            "ar": ("استشارات اللاجئين", "استشارات للاجئين وطالبي اللجوء، مثلًا حول إجراءات اللجوء."),
            "en": (
                "Refugee counselling",
                "Counselling for refugees and asylum seekers, for example about the asylum procedure.",
            ),
            "ru": (
                "Консультации для беженцев",
                "Консультации для беженцев и людей, которые просят убежища, например о процедуре "
                "предоставления убежища.",
            ),
            "tr": (
                "Mülteci danışmanlığı",
                "Mülteciler ve sığınmacılar için danışmanlık, örneğin iltica başvurusu süreci "
                "hakkında.",
            ),
            "uk": (
                "Консультації для біженців",
                "Консультації для біженців і шукачів притулку, наприклад щодо процедури надання "
                "притулку.",
            ),
        },
    ),
    (
        "integrationsagentur",
        "Integrationsagentur",
        "Hilft Vereinen und Einrichtungen, offen für alle zu werden, und stärkt das Ehrenamt.",
        {
            "ar": (
                "وكالة الاندماج (Integrationsagentur)",
                "تساعد الجمعيات والمؤسسات على أن تصبح منفتحة على الجميع، وتدعم العمل التطوعي.",
            ),
            "en": (
                "Integration agency",
                "Helps clubs and organisations to become open to everyone, and supports volunteering.",
            ),
            "ru": (
                "Агентство по интеграции (Integrationsagentur)",
                "Помогает объединениям и учреждениям стать открытыми для всех и поддерживает "
                "волонтёрскую работу.",
            ),
            "tr": (
                "Entegrasyon Ajansı (Integrationsagentur)",
                "Derneklerin ve kurumların herkese açık olmasına yardım eder. Gönüllü çalışmayı "
                "güçlendirir.",
            ),
            "uk": (
                "Інтеграційне агентство (Integrationsagentur)",
                "Допомагає об’єднанням і закладам стати відкритими для всіх та підтримує "
                "волонтерство.",
            ),
        },
    ),
    (
        "integrationskurse",
        "Integrationskurse",
        "Deutschkurse mit Orientierungskurs über Leben und Recht in Deutschland.",
        {
            "ar": (
                "دورات الاندماج",
                "دورات لتعلّم اللغة الألمانية، مع دورة توجيهية عن الحياة والقانون في ألمانيا.",
            ),
            "en": (
                "Integration courses",
                "German courses with an orientation course about life and law in Germany.",
            ),
            "ru": (
                "Интеграционные курсы",
                "Курсы немецкого языка и ориентационный курс о жизни и законах в Германии.",
            ),
            "tr": (
                "Entegrasyon kursları",
                "Almanca kursları ve Almanya'da yaşam ve hukuk hakkında oryantasyon kursu.",
            ),
            "uk": (
                "Інтеграційні курси",
                "Курси німецької мови з орієнтаційним курсом про життя та право в Німеччині.",
            ),
        },
    ),
    (
        "arbeit-ausbildung",
        "Arbeit und Ausbildung",
        "Hilfe bei der Suche nach Arbeit, Ausbildung und der Anerkennung von Abschlüssen.",
        {
            "ar": (
                "العمل والتدريب المهني",
                "المساعدة في البحث عن عمل أو تدريب مهني، وفي الاعتراف بالشهادات.",
            ),
            "en": (
                "Work and vocational training",
                "Help with finding work or vocational training, and with getting your qualifications "
                "recognised.",
            ),
            "ru": (
                "Работа и профессиональное обучение",
                "Помощь в поиске работы и места профессионального обучения, а также в признании "
                "дипломов.",
            ),
            "tr": (
                "İş ve meslek eğitimi",
                "İş veya meslek eğitimi ararken ve diplomanızın tanınmasında yardım.",
            ),
            "uk": (
                "Робота та професійне навчання",
                "Допомога в пошуку роботи чи місця професійного навчання та у визнанні дипломів і "
                "кваліфікацій.",
            ),
        },
    ),
    (
        "bildung-schule",
        "Bildung und Schule",
        "Fragen zu Kita, Schule, Weiterbildung und Sprachförderung.",
        {
            "ar": (
                "التعليم والمدرسة",
                "أسئلة حول روضة الأطفال والمدرسة والتعليم المستمر ودعم تعلّم اللغة.",
            ),
            "en": (
                "Education and school",
                "Questions about daycare (Kita), school, further education and language support.",
            ),
            "ru": (
                "Образование и школа",
                "Вопросы о детском саде, школе, дополнительном образовании и изучении языка.",
            ),
            "tr": ("Eğitim ve okul", "Kreş, okul, ileri eğitim ve dil desteği ile ilgili sorular."),
            "uk": (
                "Освіта та школа",
                "Питання про дитячий садок, школу, додаткове навчання "
                "та підтримку у вивченні мови.",
            ),
        },
    ),
    (
        "gesundheit",
        "Gesundheit",
        "Wege zu Ärztinnen, Ärzten und Hilfe bei Fragen zur Gesundheit.",
        {
            "ar": ("الصحة", "كيف تصل إلى الطبيبات والأطباء، والمساعدة في الأسئلة الصحية."),
            "en": ("Health", "Finding a doctor, and help with questions about health."),
            "ru": ("Здоровье", "Как найти врача, а также помощь по вопросам здоровья."),
            "tr": ("Sağlık", "Doktora nasıl ulaşırsınız? Sağlıkla ilgili sorularda yardım."),
            "uk": ("Здоров’я", "Допомога в пошуку лікарів і з питань здоров’я."),
        },
    ),
    (
        "ehrenamt",
        "Ehrenamt",
        "Mitmachen und helfen: freiwillige Arbeit mit und für Zugewanderte.",
        {
            "ar": ("العمل التطوعي", "شارك وساعد: عمل تطوعي مع المهاجرين ومن أجلهم."),
            "en": ("Volunteering", "Take part and help: volunteer work with and for immigrants."),
            "ru": (
                "Волонтёрство",
                "Участвовать и помогать: добровольная работа вместе с мигрантами и для них.",
            ),
            "tr": (
                "Gönüllü çalışma",
                "Katılın ve yardım edin: göçmenlerle birlikte ve göçmenler için gönüllü çalışma.",
            ),
            "uk": (
                "Волонтерство",
                "Долучайтеся й допомагайте: волонтерська робота разом із мігрантами та для них.",
            ),
        },
    ),
]

SEED_AGES = {"mbe": (27, None), "jmd": (12, 27)}

# ISO 639-1 codes of languages counselling is commonly offered in, each with its own
# name in its own script (the name a speaker recognises).
LANGUAGES = {
    "ar": "العربية",
    "bg": "български",
    "bs": "bosanski",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "es": "español",
    "fa": "فارسی",
    "fr": "français",
    "hr": "hrvatski",
    "it": "italiano",
    "ku": "Kurdî",
    "pl": "polski",
    "ps": "پښتو",
    "pt": "português",
    "ro": "română",
    "ru": "русский",
    "so": "Soomaali",
    "sq": "shqip",
    "sr": "српски",
    "ti": "ትግርኛ",
    "tr": "Türkçe",
    "uk": "українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
}
RTL_LANGUAGES = {"ar", "fa", "ps", "ur"}


def seed_topics(service_model, translation_model, service_type):
    """Create the seed topics that are missing, with their translations.

    Takes the models as arguments so migration 0009 can pass its historical ones;
    ``service_type`` is the content type translations of topics point to.
    """
    for order, (slug, name, explanation, translations) in enumerate(SEED_TOPICS, 1):
        low, high = SEED_AGES.get(slug, (None, None))
        topic, created = service_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "explanation": explanation,
                "order": order,
                "minimum_age": low,
                "maximum_age": high,
            },
        )
        if not created:
            continue
        translation_model.objects.bulk_create(
            translation_model(
                content_type_id=service_type.pk,
                object_id=topic.pk,
                field=field,
                language=language,
                text=text,
            )
            for language, texts in translations.items()
            for field, text in zip(("name", "explanation"), texts, strict=True)
            if text
        )


def create_controlled_lists(service_model, language_model):
    """Make sure every language of the list above has its row, and that topics exist."""
    from django.contrib.contenttypes.models import ContentType

    from widunetz.models import Translation

    if not service_model.objects.exists():
        seed_topics(service_model, Translation, ContentType.objects.get_for_model(service_model))
    for code in LANGUAGES:
        language_model.objects.get_or_create(code=code)
