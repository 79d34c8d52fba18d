from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commitments.demo.loader import DatasetError, load_dataset
from commitments.demo.mappings import MappingError


class Command(BaseCommand):
    help = (
        "Load the bundled real dataset (data/demo). Safe to run again: records already "
        "loaded are left as they are. A bad row aborts the load and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=settings.DEMO_DATA_DIR,
            help="Folder holding cities.csv and the other files (default: %(default)s)",
        )

    def handle(self, *args, directory: Path, **options):
        try:
            summary = load_dataset(directory)
        except (DatasetError, MappingError) as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo dataset loaded."))
