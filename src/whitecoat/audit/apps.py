from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "whitecoat.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.tasks.signals import task_finished, task_started
        from simple_history.signals import post_create_historical_record

        from whitecoat.audit import admin, context
        from whitecoat.audit.tracking import tracking_register

        # Every model is loaded by now; historical models join this app (see tracking.py).
        tracking_register()
        admin.history_admins_enable()
        post_create_historical_record.connect(_index_version, dispatch_uid="audit_index")
        task_started.connect(
            lambda sender, task_result, **kw: context.task_begin(task_result.task.module_path),
            weak=False,
            dispatch_uid="audit_task_started",
        )
        task_finished.connect(
            lambda sender, **kw: context.task_end(), weak=False, dispatch_uid="audit_task_finished"
        )


def _index_version(
    sender: Any, instance: Any, history_instance: Any, history_user: Any = None, **kwargs: Any
) -> None:
    from whitecoat.audit.services import audit_entry_record

    if sender._meta.app_label == "audit":
        audit_entry_record(history=history_instance, instance=instance, user=history_user)
