"""Believable discussions under a few demo lessons, in Spanish and English, with the teachers' accepted answers.

Safe to run again: a thread whose title is already under its lesson is left as it is. Teachers answer from an
account named after their slug (``get_or_create``; the teachers' own seed does the same, so either may run first)."""

import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from community.models import Follow, Reply, Thread
from community.services import vote_set
from core import markdown
from courses.models import Lesson

TEACHER = "teacher"  # an author that stands for the course's first teacher

# (course slug, lesson name) -> threads: (kind, author, title, body, video second, replies [(author, body, accepted)])
DISCUSSIONS = {
    ("curso-de-python", "Instalación de Python"): [
        (
            "question",
            "juan",
            "¿python o python3 en la terminal?",
            "En mi Mac `python --version` dice **2.7** pero instalé la 3.12 como en el video. ¿Cuál uso?",
            95,
            [
                (
                    TEACHER,
                    "En macOS y muchas distros `python` todavía apunta al viejo 2.7. Usa `python3` o, mejor, crea "
                    "un entorno virtual y olvídate del problema:\n\n```bash\npython3 -m venv .venv\nsource "
                    ".venv/bin/activate\npython --version  # ahora es 3.12\n```",
                    True,
                ),
                ("lucia", "Me pasó igual, con el entorno virtual quedó resuelto. ¡Gracias!", False),
            ],
        ),
        (
            "contribution",
            "maria",
            "Atajo: pyenv para tener varias versiones",
            "Si trabajas en varios proyectos te recomiendo **pyenv**: instalas varias versiones y eliges una por "
            "carpeta con `pyenv local 3.12.2`. Así no tocas el Python del sistema.",
            None,
            [("carlos", "Muy útil, lo combino con `pipx` para las herramientas globales.", False)],
        ),
        (
            "question",
            "emma",
            "Windows: 'python' opens the Microsoft Store",
            "When I type `python` in PowerShell the Store opens instead of the interpreter I just installed. "
            "What did I miss?",
            210,
            [
                (
                    TEACHER,
                    "Windows ships *App execution aliases* for `python.exe`. Turn them off in **Settings → Apps → "
                    "Advanced app settings → App execution aliases**, or run the installer again and tick "
                    "*Add python.exe to PATH*. Then open a new terminal.",
                    True,
                ),
            ],
        ),
    ],
    ("curso-de-django", "Modelos y migraciones"): [
        (
            "question",
            "sofia",
            "¿Cuándo hago makemigrations y cuándo migrate?",
            "No me queda claro el orden. ¿Tengo que correr los dos cada vez que cambio un modelo?",
            312,
            [
                (
                    TEACHER,
                    "`makemigrations` **escribe** el archivo de migración a partir de tus cambios en `models.py`; "
                    "`migrate` lo **aplica** a la base de datos. Cambias el modelo → `makemigrations` → revisas "
                    "el archivo → `migrate`. Las migraciones van al repositorio; la base de datos no.",
                    True,
                ),
                ("mateo", "Tip: `python manage.py showmigrations` te dice cuáles faltan por aplicar.", False),
            ],
        ),
        (
            "question",
            "liam",
            "Renaming a field lost my data?",
            "I renamed `title` to `name` and Django asked me something I answered with *N*. Now the column is "
            "empty. Is there a way back?",
            None,
            [
                (
                    "maria",
                    "If you answered *No* to “Did you rename…?”, Django dropped and re-added the column. Restore "
                    "from a backup, then create the migration again and answer *y* so it uses `RenameField`.",
                    False,
                ),
            ],
        ),
    ],
    ("curso-de-git-y-github", "Ramas y fusiones"): [
        (
            "question",
            "carlos",
            "Conflicto al hacer merge, ¿qué son esas flechas en el archivo?",
            "Al fusionar mi rama me aparecieron marcas raras en el archivo. ¿Las borro a mano?",
            148,
            [
                (
                    TEACHER,
                    "Sí: son las marcas de conflicto. Arriba del separador de signos `=` está tu versión y debajo la "
                    "de la otra rama. Deja el código correcto, borra las marcas y luego:\n\n"
                    "```bash\ngit add archivo.py\ngit commit\n```",
                    True,
                ),
            ],
        ),
        (
            "contribution",
            "emma",
            "Use `git switch` instead of `git checkout`",
            "Since Git 2.23 `git switch rama` changes branches and `git switch -c nueva` creates one. It's "
            "harder to lose work by accident than with `checkout`.",
            None,
            [("juan", "No lo conocía, mucho más claro. 👍", False)],
        ),
    ],
    ("curso-de-react", "JSX y componentes"): [
        (
            "question",
            "lucia",
            "¿Por qué className y no class?",
            "En el ejemplo del minuto 4 se usa `className`. ¿Es obligatorio?",
            240,
            [
                (
                    TEACHER,
                    "JSX se convierte en JavaScript, y `class` es una palabra reservada del lenguaje, por eso React "
                    "usa `className` (y `htmlFor` en lugar de `for`).",
                    True,
                ),
            ],
        ),
    ],
}

EXTRA_LEARNERS = [("emma", "Emma", "Wilson"), ("liam", "Liam", "Brown")]


def seed_community(*, make_user):
    """``make_user(username, first_name, last_name)`` gets or creates a demo account."""
    learners = {username: make_user(username, first, last) for username, first, last in EXTRA_LEARNERS}
    for (course_slug, lesson_name), threads in DISCUSSIONS.items():
        lesson = Lesson.objects.filter(course__slug=course_slug, name=lesson_name).select_related("course").first()
        if lesson is None:
            continue
        teacher_user = _teacher_user(lesson.course)
        rng = random.Random(f"community:{course_slug}:{lesson_name}")
        for kind, author, title, body, second, replies in threads:
            if Thread.all_objects.filter(lesson=lesson, title=title).exists():
                continue
            users = {**learners, TEACHER: teacher_user}
            _thread(
                lesson, rng, kind, _author(author, users, make_user), title, body, second, replies, users, make_user
            )


def _teacher_user(course):
    """The account of the course's first teacher, which seed_demo has linked before the discussions are made."""
    teacher = course.teachers.select_related("user").order_by("pk").first()
    return teacher.user if teacher else None


def _author(name, users, make_user):
    return users.get(name) or make_user(name, name.capitalize(), "")


def _thread(lesson, rng, kind, author, title, body, second, replies, users, make_user):
    asked = timezone.now() - timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 23))
    thread = Thread.objects.create(
        lesson=lesson,
        course=lesson.course,
        author=author,
        kind=kind,
        title=title,
        body=body,
        body_html=markdown.render(body),
        video_second=second,
    )
    Follow.objects.get_or_create(user=author, thread=thread)
    for index, (reply_author, reply_body, accepted) in enumerate(replies, start=1):
        replier = _author(reply_author, users, make_user)
        if replier is None:
            continue
        reply = Reply.objects.create(
            thread=thread, author=replier, body=reply_body, body_html=markdown.render(reply_body)
        )
        Reply.objects.filter(pk=reply.pk).update(created_at=asked + timedelta(hours=index * rng.randint(1, 9)))
        Thread.objects.filter(pk=thread.pk).update(replies_count=F("replies_count") + 1)
        Follow.objects.get_or_create(user=replier, thread=thread)
        if accepted:
            Thread.objects.filter(pk=thread.pk).update(accepted_reply=reply)
        for voter in rng.sample(_voters(users), k=rng.randint(0, 2)):
            vote_set(user=voter, post=reply, voted=True)
    for voter in rng.sample(_voters(users), k=rng.randint(1, len(_voters(users)))):
        vote_set(user=voter, post=thread, voted=True)
    Thread.objects.filter(pk=thread.pk).update(created_at=asked)


def _voters(users):
    return [user for name, user in sorted(users.items()) if user is not None and name != TEACHER]
