from django.urls import path

from edudx.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/da-doc/", views.mark_read, name="mark_read"),
    path("nhac/dot/<int:pk>/", views.remind_not_started, name="remind_not_started"),
    path("da-doc-tat-ca/", views.mark_all_read, name="mark_all_read"),
]
