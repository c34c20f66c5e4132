from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        from residents import dataexport, demo
        from residents.updates import sources

        from .demo import seed_demo_survey
        from .models import Survey
        from .services.answering import export_for_resident, resident_ids_heard

        # A "You said, we did" entry can cite a survey: everyone who answered it (and is not anonymous) is told.
        sources.register_source(
            Survey,
            describe=lambda survey: f"Survey: {survey.title}",
            resident_ids=resident_ids_heard,
        )
        dataexport.register_section("surveys", export_for_resident)
        demo.register_demo_seed(seed_demo_survey)
