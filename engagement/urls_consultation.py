"""Service changes, consultation and the Four Tests pages."""

urlpatterns = []
