from django.urls import path

from edudx.documents import signed_views, views

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
    path("ban-ky/<str:scope>/<int:pk>/<slug:slug>/", signed_views.upload, name="signed_upload"),
    path("ban-ky/<int:pk>.pdf", signed_views.download, name="signed_download"),
    # Public (no login): the signed copy of a published recognition decision.
    path(
        "cong-khai/quyet-dinh/<int:pk>/ban-ky.pdf",
        signed_views.public_decision,
        name="public_signed_decision",
    ),
]
