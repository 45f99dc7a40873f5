from django.urls import path

from edudx.documents import views

app_name = "documents"
urlpatterns = [
    path("tu-danh-gia/<int:pk>/", views.assessment_documents, name="assessment"),
    path("tu-danh-gia/<int:pk>/bao-cao/", views.report_narrative, name="report_narrative"),
    path(
        "tu-danh-gia/<int:pk>/<slug:slug>.<str:fmt>",
        views.assessment_download,
        name="assessment_download",
    ),
    path("dot-danh-gia/<int:pk>/", views.campaign_documents, name="campaign"),
    path(
        "dot-danh-gia/<int:pk>/<slug:slug>.<str:fmt>",
        views.campaign_download,
        name="campaign_download",
    ),
    path(
        "quyet-dinh-cong-nhan/<int:pk>/<slug:slug>.<str:fmt>",
        views.decision_download,
        name="decision_download",
    ),
]
