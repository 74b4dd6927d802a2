import factory

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.models import Choice, Exam, LearningPath, LessonProgress, PathCourse, Question, Rating


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory(UserFactory)
    score = 4
    review = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Counted in its course's stored average, count and distribution, as the rating service does."""
        rating = super()._create(model_class, *args, **kwargs)
        services.course_rating_stats_refresh(course=rating.course)
        return rating


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    lesson = factory.SubFactory(LessonFactory)
    user = factory.SubFactory(UserFactory)
    position_seconds = 0


class LearningPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningPath
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ruta número {n}")
    slug = factory.Sequence(lambda n: f"ruta-{n}")
    summary = "Una ruta para llegar lejos."
    description = "Cursos en orden."
    status = LearningPath.Status.PUBLISHED

    @factory.post_generation
    def courses(self, create, extracted, **kwargs):
        if create and extracted:
            PathCourse.objects.bulk_create(
                PathCourse(path=self, course=course, position=position) for position, course in enumerate(extracted)
            )


def exam_with_questions(course, *, questions=5, choices=3, pass_percent=70):
    """An exam on the course whose first choice of every question is the right one."""
    exam = Exam.objects.create(course=course, pass_percent=pass_percent)
    for position in range(questions):
        question = Question.objects.create(exam=exam, text=f"¿Pregunta {position + 1}?", position=position)
        Choice.objects.bulk_create(
            Choice(question=question, text=f"Respuesta {index + 1}", is_correct=index == 0, position=index)
            for index in range(choices)
        )
    return exam


def right_answers(exam, *, wrong=0):
    """``{"question id": choice id}`` answering everything right except the first ``wrong`` questions."""
    answers = {}
    for index, question in enumerate(exam.questions.order_by("position", "id")):
        choices = list(question.choices.order_by("position", "id"))
        answers[str(question.id)] = choices[1].id if index < wrong else choices[0].id
    return answers


def complete_course(user, course):
    """The learner completes every lesson of the course through the service, as the player would."""
    for lesson in course.lessons.order_by("position", "id"):
        services.lesson_complete(user=user, lesson=lesson)
