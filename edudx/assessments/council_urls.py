"""Pages of the council slice, joined to the assessments namespace by assessments/urls.py."""

from django.urls import path

from edudx.assessments import council_views as views

P = "tu-danh-gia/<int:pk>/hoi-dong/"
urlpatterns = [
    path(P, views.council_page, name="council"),
    path(P + "them/", views.member_add, name="council_add"),
    path(P + "<int:member>/", views.member_change, name="council_change"),
    path(P + "<int:member>/xoa/", views.member_remove, name="council_remove"),
    path(P + "phan-cong/", views.assign_page, name="council_assign"),
    path(P + "tien-do/", views.progress_page, name="council_progress"),
    path(P + "cua-toi/", views.my_criteria_page, name="council_mine"),
]
