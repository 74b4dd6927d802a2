from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from analytics import rebuild


class Command(BaseCommand):
    help = "Recount the analytics rollups of some days from the raw rows (yesterday by default)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="last", help="Last day, YYYY-MM-DD (today by default when --from is set).")

    def handle(self, *args, first=None, last=None, **options):
        today = timezone.localdate()
        try:
            first_day = date.fromisoformat(first) if first else today - timedelta(days=1)
            last_day = date.fromisoformat(last) if last else (today if first else first_day)
        except ValueError as error:
            raise CommandError(f"Dates are YYYY-MM-DD: {error}") from None
        days = rebuild.days_rebuild(first=first_day, last=last_day)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {days} days of analytics."))
