"""The learner's pages and forms: home, /me/, rating a course and completing a lesson without JavaScript."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core import learner_pages
from courses import selectors as catalog
from courses.models import Course, Lesson
from learning import documents, selectors, services
from learning.forms import CertificateNameForm, ExamForm, RatingForm, rating_form_remember
from learning.models import Certificate, Exam, LearningPath

RATING_MESSAGE_PLACE = "rating"
HOME_COURSES = 8
CONTINUE_WATCHING = 6
HOME_PATHS = 3


@learner_pages.learner_page
def home(request):
    return render(
        request,
        "home.html",
        {
            "courses": list(catalog.course_list()[:HOME_COURSES]),
            "top_rated": list(
                catalog.course_list(order_by=catalog.BEST_RATED).filter(total_ratings__gt=0)[:HOME_COURSES]
            ),
            "categories": catalog.catalog_categories(),
            "learner": learner_pages.facts(request, selectors.learner_home_facts, limit=CONTINUE_WATCHING),
            "paths": selectors.path_cards(limit=HOME_PATHS),
        },
    )


@login_required
@learner_pages.learner_page
def my_learning(request):
    """/me/: the learner's courses in progress and completed, their certificates and their ratings."""
    learner = learner_pages.facts(request, selectors.learner_dashboard_facts)
    return render(request, "accounts/my_learning.html", {"learner": learner})


def _published_course_or_404(slug):
    try:
        return catalog.course_get_published(slug=slug)
    except Course.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def course_rate(request, slug):
    """Create or replace the learner's rating from the course page's form (no JavaScript needed).

    Post/redirect/get both ways: a refused form is kept in the session and shown, with what the learner typed
    and its errors, on the course page it redirects to, so a reload never posts again. The confirmation and the
    errors appear inside the rating card, where the learner is looking. A GET here goes to the course page.
    """
    course = _published_course_or_404(slug)
    if request.method == "GET":
        query = request.META.get("QUERY_STRING", "")
        return redirect(course.get_absolute_url() + (f"?{query}" if query else ""))
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            _rating, created = services.rating_submit(
                user=request.user, course=course, score=form.cleaned_data["score"], review=form.cleaned_data["review"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Thanks! Your rating was saved.") if created else gettext("Your rating was updated."),
                extra_tags=RATING_MESSAGE_PLACE,
            )
            return redirect(f"{course.get_absolute_url()}#your-rating")
    rating_form_remember(request, course=course, form=form)
    return redirect(f"{course.get_absolute_url()}#your-rating")


@require_POST
def course_rating_delete(request, slug):
    course = _published_course_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    if services.rating_delete(user=request.user, course=course):
        messages.success(request, gettext("Your rating was deleted."), extra_tags=RATING_MESSAGE_PLACE)
    return redirect(f"{course.get_absolute_url()}#your-rating")


@require_POST
def lesson_complete(request, course_slug, lesson_slug):
    """Mark as complete without JavaScript: keeps the saved position and completes the lesson."""
    try:
        placement = catalog.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise Http404 from None
    if not request.user.is_authenticated:
        return redirect_to_login(placement.lesson.get_absolute_url())
    services.lesson_complete(user=request.user, lesson=placement.lesson)
    messages.success(request, gettext("Lesson completed. Keep going!"))
    if placement.next is not None:
        return redirect(placement.next.get_absolute_url())
    return redirect(placement.course.get_absolute_url())


def path_list(request):
    """/paths/: published learning paths with their size and, for a signed-in learner, how far they are."""
    paths = selectors.paths_with_courses(selectors.path_list())
    progress = selectors.learner_path_progress(user=request.user, paths=paths)
    for path in paths:
        path.progress = progress.get(path.id)
    return render(request, "learning/path_list.html", {"paths": paths})


def path_detail(request, slug):
    """/paths/<slug>/: the courses in order with the learner's progress in each, the next one and the certificate."""
    try:
        path = selectors.path_detail(slug=slug)
    except LearningPath.DoesNotExist:
        raise Http404 from None
    progress = selectors.learner_path_progress(user=request.user, paths=[path]).get(path.id)
    return render(
        request,
        "learning/path_detail.html",
        {
            "path": path,
            "steps": selectors.learner_path_steps(user=request.user, path=path, progress=progress),
            "progress": progress,
            "certificate": selectors.learner_certificate(user=request.user, path=path),
        },
    )


def _exam_or_404(slug):
    course = _published_course_or_404(slug)
    try:
        return selectors.exam_for_course(course=course)
    except Exam.DoesNotExist:
        raise Http404 from None


def _attempt_review(exam, attempt):
    """Each question in the order the learner saw it, with their answer and whether it was right; the right
    answer itself stays hidden."""
    if attempt is None:
        return []
    review = []
    for question in selectors.exam_questions_in_order(exam=exam, paper=attempt.paper):
        chosen_id = attempt.answers.get(str(question.id))
        chosen = next((choice for choice in question.choice_list if choice.id == chosen_id), None)
        review.append({"question": question, "chosen": chosen, "correct": chosen is not None and chosen.is_correct})
    return review


@require_http_methods(["GET", "POST"])
def course_exam(request, slug):
    """/courses/<slug>/exam/: the questions drawn for the learner's next attempt once every lesson is complete,
    the last result and the certificate."""
    exam = _exam_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    status = 200
    lessons_left = selectors.course_lessons_left(user=request.user, course=exam.course)
    questions = []
    if not lessons_left:
        paper = services.exam_paper_draw(user=request.user, exam=exam)
        questions = selectors.exam_questions_in_order(exam=exam, paper=paper.questions)
    form = ExamForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.exam_attempt_submit(user=request.user, exam=exam, answers=form.answers())
            except services.ExamNotEligible as error:
                messages.error(request, str(error))
                status = 403
            except services.ExamAttemptLimitReached as error:
                messages.error(request, str(error))
                status = 429
            except ValidationError as error:
                form.add_error(None, error.message_dict.get("answers", error.messages))
                status = 400
            else:
                return redirect(f"{request.path}#result")
        else:
            status = 400
            unanswered = form.unanswered_count()
            if unanswered:
                form.add_error(
                    None,
                    ngettext(
                        "Answer every question: %(count)d is unanswered. No attempt was used.",
                        "Answer every question: %(count)d are unanswered. No attempt was used.",
                        unanswered,
                    )
                    % {"count": unanswered},
                )
    attempt = selectors.learner_last_attempt(user=request.user, exam=exam)
    allowance = selectors.exam_attempt_allowance(user=request.user, exam=exam)
    response = render(
        request,
        "learning/exam.html",
        {
            "exam": exam,
            "course": exam.course,
            "form": form,
            "question_count": len(questions) or exam.questions_per_attempt or len(exam.questions.all()),
            "lessons_left": lessons_left,
            "attempts_left": allowance.attempts_left,
            "retry_after": allowance.retry_after_seconds,
            "attempts_per_day": selectors.EXAM_ATTEMPTS_PER_DAY,
            "attempt": attempt,
            "review": _attempt_review(exam, attempt),
            "review_visible": attempt is not None
            and selectors.exam_review_visible(user=request.user, exam=exam, attempt=attempt),
            "certificate": selectors.learner_certificate(user=request.user, course=exam.course),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(allowance.retry_after_seconds)
    return response


def _certificate_or_404(code):
    try:
        return selectors.certificate_get(code=code)
    except Certificate.DoesNotExist:
        raise Http404 from None


LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def _linkedin_add_url(certificate, url):
    """LinkedIn's documented "Add to profile" link, prefilled with the certification's name, issuer, date, URL
    and ID."""
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": certificate.title,
            "organizationName": "Platziflix",
            "issueYear": certificate.issued_at.year,
            "issueMonth": certificate.issued_at.month,
            "certUrl": url,
            "certId": certificate.code,
        }
    )
    return f"{LINKEDIN_ADD_TO_PROFILE}?{query}"


@require_http_methods(["GET", "POST"])
def certificate_detail(request, code):
    """/certificates/<code>/: the public verification page, open to anyone, with a link-preview card and share
    links; its learner can correct the name it carries here (POST), which reissues it with the same code."""
    certificate = _certificate_or_404(code)
    is_owner = request.user.is_authenticated and certificate.user_id == request.user.pk
    name_form = None
    status = 200
    if is_owner and certificate.is_valid:
        user = request.user
        name_form = CertificateNameForm(
            request.POST if request.method == "POST" else None,
            initial={"first_name": user.first_name, "last_name": user.last_name},
        )
        if request.method == "POST":
            if name_form.is_valid():
                try:
                    services.certificate_rename(certificate=certificate, user=user, **name_form.cleaned_data)
                except ValidationError as error:
                    name_form.add_error(None, error)
                else:
                    messages.success(request, gettext("Your certificate now carries your name. Its code is the same."))
                    return redirect(certificate.get_absolute_url())
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    url = request.build_absolute_uri(certificate.get_absolute_url())
    return render(
        request,
        "learning/certificate_detail.html",
        {
            "certificate": certificate,
            "certificate_url": url,
            "qr_svg": documents.certificate_qr_svg(url),
            "card_url": request.build_absolute_uri(reverse("learning:certificate_card", kwargs={"code": code})),
            "linkedin_url": _linkedin_add_url(certificate, url),
            "is_owner": is_owner,
            "name_form": name_form,
            "pdf_languages": settings.LANGUAGES,
        },
        status=status,
    )


def certificate_pdf(request, code):
    """/certificates/<code>/pdf/: the certificate as an A4 landscape PDF, in the learner's language when it was
    issued or in the one ``?language=`` asks for."""
    certificate = _certificate_or_404(code)
    url = request.build_absolute_uri(certificate.get_absolute_url())
    language = documents.certificate_language(certificate, request.GET.get("language"))
    response = HttpResponse(
        documents.certificate_pdf(certificate, url=url, language=language), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="platziflix-{certificate.code}-{language}.pdf"'
    response["Content-Language"] = language
    return response


def certificate_card(request, code):
    """/certificates/<code>/card.png: the certificate's picture for link previews, in the page's language."""
    certificate = _certificate_or_404(code)
    png = documents.certificate_card_png(certificate, language=translation.get_language())
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
