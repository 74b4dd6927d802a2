from django.core.management.base import BaseCommand

from learning import services


class Command(BaseCommand):
    help = (
        "Issue the certificates learners have earned but do not hold, e.g. for courses finished before "
        "certificates existed. Safe to run again."
    )

    def handle(self, *args, **options):
        issued = services.certificates_backfill()
        self.stdout.write(self.style.SUCCESS(f"{issued} certificates issued."))
