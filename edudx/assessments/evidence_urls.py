"""Pages of the evidence slice, joined to the assessments namespace by assessments/urls.py."""

from django.urls import path

from edudx.assessments import evidence_views as views

urlpatterns = [
    path("tu-danh-gia/<int:pk>/minh-chung/", views.evidence_list, name="evidence_list"),
    path("tu-danh-gia/<int:pk>/minh-chung/them/", views.evidence_add, name="evidence_add"),
    path(
        "tu-danh-gia/<int:pk>/minh-chung/<int:evidence_pk>/sua/",
        views.evidence_edit,
        name="evidence_edit",
    ),
    path(
        "tu-danh-gia/<int:pk>/minh-chung/<int:evidence_pk>/xoa/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "tu-danh-gia/<int:pk>/minh-chung/<int:evidence_pk>/tep/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(
        "tu-danh-gia/<int:pk>/minh-chung/xuat-excel/", views.evidence_export, name="evidence_export"
    ),
    path(
        "tu-danh-gia/<int:pk>/minh-chung/nhap-excel/", views.evidence_import, name="evidence_import"
    ),
]
