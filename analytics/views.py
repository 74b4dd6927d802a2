"""The analytics pages, inside the admin: the site overview (staff) and a page per course (staff and the course's
teachers). Every table is also a CSV download: the same URL with ``?format=csv&table=<name>``."""

import csv

from django.contrib import admin
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from analytics import reports, selectors
from analytics.forms import PeriodForm
from courses.models import Course
from teachers.selectors import teaches


def _csv(sections, request, filename):
    wanted = request.GET.get("table", "")
    section = next((section for section in sections if section.key == wanted), None)
    if section is None:
        names = ", ".join(section.key for section in sections)
        return HttpResponseBadRequest(
            _("Choose a table with ?table=<name>; the tables here are: %(names)s.") % {"names": names},
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{section.key}.csv"'
    writer = csv.writer(response)
    writer.writerow(section.table.columns)
    writer.writerows(section.table.rows)
    return response


def _page(request, *, template, title, sections, form, period, filename, **context):
    if request.GET.get("format") == "csv":
        if form.errors:
            errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        return _csv(sections, request, filename)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)
    return render(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            "sections": sections,
            "form": form,
            "period": period,
            "query": query.urlencode(),
            **context,
        },
        status=400 if form.errors else 200,
    )


def _overview(request):
    if not request.user.is_staff_member:
        raise Http404
    form = PeriodForm(request.GET or None)
    period = form.period()
    overview = selectors.site_overview(period=period)
    return _page(
        request,
        template="analytics/overview.html",
        title=_("Analytics"),
        sections=reports.overview_sections(overview),
        form=form,
        period=period,
        filename=f"platziflix-{period.first}-{period.last}",
        totals=overview.totals,
    )


def _course(request, slug):
    course = Course.objects.filter(slug=slug).first()
    if course is None or not (request.user.is_staff_member or teaches(request.user, course.pk)):
        raise Http404
    form = PeriodForm(request.GET or None)
    period = form.period()
    report = selectors.course_analytics(course=course, period=period)
    return _page(
        request,
        template="analytics/course.html",
        title=_("Analytics: %(course)s") % {"course": course.name},
        sections=reports.course_sections(report),
        form=form,
        period=period,
        filename=f"{course.slug}-{period.first}-{period.last}",
        course=course,
        totals=report.totals,
    )


overview = admin.site.admin_view(_overview)
course = admin.site.admin_view(_course)
