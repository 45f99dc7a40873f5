from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from edudx.api.urls import api_urls
from edudx.core import health
from edudx.portal import views as portal_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", portal_views.home, name="home"),
    path("", include("edudx.accounts.urls")),
    path("", include("edudx.assessments.urls")),
    path("tham-dinh/", include("edudx.reviews.urls")),
    path("", include("edudx.recognition.urls")),
    path("thong-bao/", include("edudx.notifications.urls")),
    path("van-ban/", include("edudx.documents.urls")),
    path("bang-tinh/", include("edudx.workbooks.urls")),
    path("bang-dieu-hanh/", include("edudx.dashboards.urls")),
    path("huong-dan/", include("edudx.guidance.urls")),
    path("don-vi/", include("edudx.accounts.unit_urls")),
    path("bo-chi-so/", include("edudx.frameworks.urls")),
    path("api/v1/", api_urls),
    path("", include("edudx.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),
]
