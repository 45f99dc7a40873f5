from django.urls import path

from edudx.reviews import bulk, evaluation_views, queues, team_views, views

app_name = "reviews"
urlpatterns = [
    path("", queues.queues, name="queues"),
    path("dot/<int:pk>/", views.review_queue, name="queue"),
    path("dot/<int:pk>/tiep-nhan/", bulk.bulk_accept, name="bulk_accept"),
    path("dot/<int:pk>/phan-cong-nhieu/", bulk.bulk_assign, name="bulk_assign"),
    path("dot/<int:pk>/doan/", team_views.teams_page, name="teams"),
    path("dot/<int:pk>/doan/tao/", team_views.create_team, name="create_team"),
    path("dot/<int:pk>/doan/<int:team_pk>/thanh-vien/", team_views.add_member, name="add_member"),
    path(
        "dot/<int:pk>/thanh-vien/<int:member_pk>/xoa/",
        team_views.remove_member,
        name="remove_member",
    ),
    path("dot/<int:pk>/phan-cong/", team_views.assign, name="assign"),
    path("ho-so/<int:pk>/", views.review_detail, name="detail"),
    path("ho-so/<int:pk>/<str:action>/", views.review_action, name="act"),
    path("danh-gia/", views.my_evaluations, name="mine"),
    path("danh-gia/<int:pk>/", evaluation_views.evaluation_form, name="evaluation"),
    path("danh-gia/<int:pk>/muc/<str:code>/", evaluation_views.save_entry, name="save_entry"),
    path("danh-gia/<int:pk>/bien-ban/", evaluation_views.save_visit, name="visit"),
]
