from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "whitecoat.organizations"
    verbose_name = "Organisation and roster"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from whitecoat.organizations.roles import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, sender=self)
