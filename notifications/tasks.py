"""Background work of notifications. Safe to run twice: the hourly gate is taken before a mail is sent."""

from celery import shared_task

from notifications import services


@shared_task(soft_time_limit=120, time_limit=180)
def send_notification_mail(notification_ids):
    """E-mails the recipients of these notifications: at most one mail per thread and recipient an hour."""
    return {"sent": services.notification_mail_send(notification_ids=notification_ids)}
