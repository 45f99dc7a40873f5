"""The unit directory (search, a unit with its subtree and accounts, the registry import/export).
Its pages live here, above the organisation tree, because every one of them asks permissions."""

from django.urls import path

from edudx.accounts import unit_views as views

app_name = "organizations"
urlpatterns = [
    path("", views.unit_search, name="search"),
    path("mau-danh-muc/", views.registry_template, name="registry_template"),
    path("<str:code>/", views.unit_detail, name="unit_detail"),
    path("<str:code>/nhap-danh-muc/", views.registry_import, name="registry_import"),
    path("<str:code>/nhap-danh-muc/<int:pk>/", views.registry_job, name="registry_job"),
    path("<str:code>/xuat-danh-muc/", views.registry_export, name="registry_export"),
]
