"""Browser URLs of communications and engagement, mounted at /engagement/. Each part keeps its own list (the
stakeholder register; the engagement plan and log; service changes and consultation)."""

from engagement.urls_activities import urlpatterns as activity_urls
from engagement.urls_consultation import urlpatterns as consultation_urls
from engagement.urls_stakeholders import urlpatterns as stakeholder_urls

app_name = "engagement"

urlpatterns = stakeholder_urls + activity_urls + consultation_urls
