from django.core.management.base import BaseCommand

from opendata.releases import create_release, current_release


class Command(BaseCommand):
    help = (
        "Write a dated, versioned release of the whole published dataset (CSV per "
        "table, datapackage.json, README, licence, zip and SHA-256) to RELEASES_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-none",
            action="store_true",
            help="Only when no release exists yet (so a fresh site has one to offer).",
        )

    def handle(self, *args, if_none: bool = False, **options):
        existing = current_release()
        if if_none and existing is not None:
            self.stdout.write(f"Release {existing.version} exists; none written.")
            return
        release = create_release()
        self.stdout.write(
            self.style.SUCCESS(
                f"Release {release.version}: {release.zip_path} "
                f"(sha256 {release.sha256})"
            )
        )
