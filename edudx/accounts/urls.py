from django.contrib.auth import views as auth_views
from django.urls import path

from edudx.accounts import views
from edudx.accounts.forms import LoginForm

# Included at the site root (edudx/urls.py): the unit pages below carry their full path.
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "quen-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("don-vi/<str:code>/tai-khoan/them/", views.user_create, name="user_create"),
    path("don-vi/<str:code>/tai-khoan/nhap/", views.users_import, name="users_import"),
    path("don-vi/<str:code>/tai-khoan/mau/", views.users_import_template, name="users_template"),
]
