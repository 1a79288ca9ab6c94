from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "whitecoat.training"
    verbose_name = "Training"
