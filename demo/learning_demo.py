"""Demo learning paths, exams in Spanish and English and a learner holding a certificate, added by ``seed_demo``.

Everything is looked up by slug or course first, so running it again adds only what is missing.
"""

from courses.models import Course, Lesson
from demo import demo_english
from learning import services
from learning.models import Certificate, Choice, Exam, LearningPath, PathCourse, Question

PATHS = [
    {
        "slug": "desarrollo-web-con-python",
        "name": "Desarrollo web con Python",
        "name_en": "Web development with Python",
        "summary": "De tu primer script a una aplicación Django en producción con Docker.",
        "summary_en": "From your first script to a Django application in production with Docker.",
        "description_en": (
            "Start with the fundamentals of Python, keep your data in PostgreSQL, build web applications with "
            "Django and deploy them in containers. You finish with a complete project and the path's certificate."
        ),
        "description": (
            "Empieza con los fundamentos de Python, guarda tus datos en PostgreSQL, construye aplicaciones web "
            "con Django y despliégalas en contenedores. Al final tendrás un proyecto completo y el certificado "
            "de la ruta."
        ),
        "courses": ["curso-de-python", "curso-de-sql-y-postgresql", "curso-de-django", "curso-de-docker"],
    },
    {
        "slug": "frontend-con-javascript",
        "name": "Frontend con JavaScript",
        "name_en": "Frontend with JavaScript",
        "summary": "JavaScript moderno, TypeScript y React para crear interfaces que la gente disfruta.",
        "summary_en": "Modern JavaScript, TypeScript and React to build interfaces people enjoy.",
        "description_en": (
            "Master the language of the web, add types with TypeScript and build interfaces with React. "
            "Close with interface design so your applications look as good as they work."
        ),
        "description": (
            "Domina el lenguaje de la web, añade tipos con TypeScript y construye interfaces con React. "
            "Cierra con diseño de interfaces para que tus aplicaciones se vean tan bien como funcionan."
        ),
        "courses": ["curso-de-javascript", "curso-de-typescript", "curso-de-react", "curso-de-diseno-de-interfaces"],
    },
    {
        "slug": "datos-e-ia",
        "name": "Datos e IA",
        "name_en": "Data and AI",
        "summary": "Python, SQL, análisis con pandas y tus primeros modelos de machine learning.",
        "summary_en": "Python, SQL, analysis with pandas and your first machine learning models.",
        "description_en": (
            "Learn to query, clean and analyse data, and to train models that predict. "
            "The path to start a career in data science."
        ),
        "description": (
            "Aprende a consultar, limpiar y analizar datos, y a entrenar modelos que predicen. "
            "La ruta para empezar una carrera en ciencia de datos."
        ),
        "courses": [
            "curso-de-python",
            "curso-de-sql-y-postgresql",
            "curso-de-analisis-de-datos-con-pandas",
            "curso-de-machine-learning",
        ],
    },
]

# Each question: (text, [choices], index of the right choice).
EXAMS = {
    "curso-de-python": [
        ("¿Qué función muestra un texto en la consola?", ["print()", "echo()", "console.log()", "write()"], 0),
        ("¿Qué tipo de dato es [1, 2, 3]?", ["Una tupla", "Una lista", "Un diccionario", "Un conjunto"], 1),
        ("¿Cómo se define una función en Python?", ["function f():", "fn f():", "def f():", "lambda f():"], 2),
        ('¿Qué devuelve len("año")?', ["2", "3", "4", "Un error"], 1),
        ("¿Qué estructura guarda pares clave-valor?", ["list", "tuple", "dict", "str"], 2),
    ],
    "curso-de-django": [
        ("¿Qué archivo define las rutas de una app de Django?", ["models.py", "urls.py", "admin.py", "apps.py"], 1),
        ("¿Qué comando crea las migraciones?", ["migrate", "makemigrations", "runserver", "collectstatic"], 1),
        (
            "¿Dónde se describen las tablas de la base de datos?",
            ["En las vistas", "En los modelos", "En las plantillas"],
            1,
        ),
        ("¿Qué protege la etiqueta {% csrf_token %}?", ["Las contraseñas", "Los formularios POST", "Las imágenes"], 1),
        (
            "¿Qué ofrece Django para el personal sin escribir vistas?",
            ["El admin", "El ORM", "Los signals", "El caché"],
            0,
        ),
    ],
    "curso-de-javascript": [
        ("¿Qué palabra declara una variable que no se reasigna?", ["var", "let", "const", "static"], 2),
        ("¿Qué devuelve typeof null?", ['"null"', '"object"', '"undefined"', '"number"'], 1),
        ("¿Qué método agrega un elemento al final de un arreglo?", ["push()", "shift()", "pop()", "concat()"], 0),
        ("¿Qué compara valor y tipo a la vez?", ["==", "===", "=", "!="], 1),
        ("¿Qué objeto representa una operación asíncrona?", ["Promise", "Array", "Map", "Symbol"], 0),
    ],
    "curso-de-git-y-github": [
        ("¿Qué comando guarda los cambios preparados?", ["git add", "git commit", "git push", "git status"], 1),
        ("¿Qué comando crea una rama nueva y se cambia a ella?", ["git branch -d", "git switch -c", "git merge"], 1),
        ("¿Qué envía tus commits al repositorio remoto?", ["git pull", "git fetch", "git push", "git clone"], 2),
        (
            "¿Qué es un pull request?",
            ["Una copia local", "Una propuesta de cambios para revisar", "Un tipo de rama"],
            1,
        ),
        ("¿Qué archivo dice qué no versionar?", [".gitignore", ".gitconfig", "README.md", ".env"], 0),
    ],
}

DEMO_GRADUATE_COURSE = "curso-de-git-y-github"


def seed_learning(*, graduate):
    """Paths, exams and a certificate for ``graduate``: they finish the Git course and pass its exam."""
    courses = {course.slug: course for course in Course.objects.filter(slug__in=_course_slugs())}
    for data in PATHS:
        _path(data, courses)
    for slug, questions in EXAMS.items():
        if slug in courses:
            _exam(courses[slug], questions)
    course = Course.objects.published().filter(slug=DEMO_GRADUATE_COURSE).first()
    if course is not None and not Certificate.objects.filter(user=graduate, course=course).exists():
        _graduate(graduate, course)


def _course_slugs():
    return {slug for data in PATHS for slug in data["courses"]} | set(EXAMS)


def _path(data, courses):
    path, created = LearningPath.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "summary": data["summary"],
            "description": data["description"],
            "name_en": data["name_en"],
            "summary_en": data["summary_en"],
            "description_en": data["description_en"],
            "status": LearningPath.Status.PUBLISHED,
        },
    )
    if created:
        PathCourse.objects.bulk_create(
            PathCourse(path=path, course=courses[slug], position=position)
            for position, slug in enumerate(data["courses"], start=1)
            if slug in courses
        )


def _exam(course, questions):
    exam, created = Exam.objects.get_or_create(course=course)
    if not created:
        _exam_english(exam)
        return
    for position, (text, choices, right) in enumerate(questions, start=1):
        text_en, choices_en = demo_english.EXAM_QUESTIONS[text]
        question = Question.objects.create(exam=exam, text=text, text_en=text_en, position=position)
        Choice.objects.bulk_create(
            Choice(question=question, text=choice, text_en=choice_en, is_correct=index == right, position=index)
            for index, (choice, choice_en) in enumerate(zip(choices, choices_en, strict=True))
        )


def _exam_english(exam):
    """An exam seeded before the English texts existed gets them where its demo questions are still untouched."""
    for question in Question.objects.filter(exam=exam, text_en="").prefetch_related("choices"):
        english = demo_english.EXAM_QUESTIONS.get(question.original_text("text"))
        if english is None:
            continue
        question.text_en = english[0]
        question.save(update_fields=["text_en"])
        by_text = dict(zip(_spanish_choices(question.original_text("text")), english[1], strict=True))
        for choice in question.choices.all():
            if not choice.text_en and choice.original_text("text") in by_text:
                choice.text_en = by_text[choice.original_text("text")]
                choice.save(update_fields=["text_en"])


def _spanish_choices(text):
    return next(choices for questions in EXAMS.values() for spanish, choices, _right in questions if spanish == text)


def _graduate(learner, course):
    for lesson in Lesson.objects.filter(course=course).order_by("position", "id"):
        services.lesson_progress_update(
            user=learner, lesson=lesson, position_seconds=lesson.duration_seconds, completed=True
        )
    exam = Exam.objects.filter(course=course).first()
    if exam is not None:
        right = dict(Choice.objects.filter(question__exam=exam, is_correct=True).values_list("question_id", "id"))
        services.exam_attempt_submit(user=learner, exam=exam, answers=right)
