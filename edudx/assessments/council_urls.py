"""Pages of the council slice, joined to the assessments namespace by assessments/urls.py."""

urlpatterns: list = []
